# The notes' §10.1 client before it sent JSON (the lines the notes left commented out):
# name|message as plain text. A classic mistake for `check client`: it fails stage 1.
import os
import socket

sk = socket.socket()
name = 'alex'
sk.connect(('127.0.0.1', int(os.environ.get('PORT', '9000'))))
while True:
    inp = input('>>>')
    sk.send('|'.join([name, inp]).encode('utf-8'))
    if inp.upper() == 'Q':
        print('你已经断开和server的聊天！')
        break
    msg = sk.recv(1024).decode('utf-8')
    if msg.upper() == 'Q':
        break
    print(msg)
sk.close()

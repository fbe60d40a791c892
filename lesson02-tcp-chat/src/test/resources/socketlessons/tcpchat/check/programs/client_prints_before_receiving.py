# A classic mistake (§4.2): the client prints before it has received (here its own line), and
# reads the server's answer only to throw it away. check client fails "prints the answer".
import os
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))
while True:
    inp = input('>>>')
    print(inp)
    sk.send(inp.encode('utf-8'))
    if inp.upper() == 'Q': break
    msg = sk.recv(1024).decode('utf-8')
    if msg.upper() == 'Q': break
sk.close()

# Exercise (lesson07, §9): the client of the classroom's uppercase echo. Send each line typed,
# print the server's answer, quit on q. Check it:
#
#   java -jar lesson07-socketserver/target/lesson07-socketserver.jar check client -- python3 lesson07-socketserver/exercises/upper_client.py
#
# The stages: sends the typed line; prints the answer; q quits.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket()
sk.connect(('127.0.0.1', PORT))
while True:
    inp = input('>>>')
    # TODO stage 3: q (or Q) quits: break before anything is sent
    # TODO stage 1: send the line: sk.send((inp + '\n').encode('utf-8'))
    # TODO stage 2: msg = sk.recv(1024).decode('utf-8'), and print it
# TODO stage 3: close the socket (or use a with block)

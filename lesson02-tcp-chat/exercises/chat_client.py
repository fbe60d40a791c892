# Exercise (lesson02, §4.2): the console chat client. Fill in the TODOs, then check it:
#
#   java -jar lesson02-tcp-chat/target/lesson02-tcp-chat.jar check client --course-wire -- python3 lesson02-tcp-chat/exercises/chat_client.py
#
# (--course-wire: each message is bare text in one send, as in the course. Without it, the
# checker sends and expects each message as a line ending in \n, as lesson02's Java programs do.)
# The checker is the server, and it types your client's lines at its keyboard itself.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket()
sk.connect(('127.0.0.1', PORT))
while True:
    inp = input('>>>')
    # TODO stage 1: send inp, encoded as UTF-8
    # TODO stage 3: if inp is q (either case), leave this loop, after sending it so the server knows
    # TODO stage 2: msg = sk.recv(1024).decode('utf-8'), then print(msg)
    break
sk.close()

# Exercise (lesson02, §4.1-§4.3): the console chat server. Fill in the TODOs, then check it:
#
#   java -jar lesson02-tcp-chat/target/lesson02-tcp-chat.jar check server --course-wire -- python3 lesson02-tcp-chat/exercises/chat_server.py
#
# (--course-wire: each message is bare text in one send, as in the course. Without it, the
# checker sends and expects each message as a line ending in \n, as lesson02's Java programs do.)
# The checker is the client, and it types your server's answers at its keyboard itself.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()

# TODO stage 3: wrap what follows in an outer loop, so the next client is served after this one quits
conn, addr = sk.accept()
while True:
    msg = conn.recv(1024).decode('utf-8')
    # TODO stage 2: if the client sent q (either case), leave this loop
    # TODO stage 1: print(msg), read an answer with input('>>>'), send it back encoded as UTF-8
    break
conn.close()
sk.close()

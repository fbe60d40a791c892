# Exercise (lesson01, §1.3): the first server. Fill in the TODOs, then check it:
#
#   java -jar lesson01-socket-basics/target/lesson01-socket-basics.jar check server -- python3 lesson01-socket-basics/exercises/server.py
#
# The checker tells your server its port in the environment variable PORT, connects to it as a
# client and checks, stage by stage, that it sends hello, prints what the client answers
# (byebye), and hangs up. Run alone, it uses the course's port 9000.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket()
# TODO stage 1: bind sk to ('127.0.0.1', PORT), listen(), accept a client, send it b'hello'
# TODO stage 2: receive the client's answer (recv(1024)) and print it
# TODO stage 3: close the client's connection, then sk

# Exercise (lesson01, §1.3): the first client. Fill in the TODOs, then check it:
#
#   java -jar lesson01-socket-basics/target/lesson01-socket-basics.jar check client -- python3 lesson01-socket-basics/exercises/client.py
#
# The checker plays the server on the port in the environment variable PORT and checks, stage
# by stage, that your client prints the greeting, answers b'byebye', and hangs up.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket()
# TODO stage 1: connect sk to ('127.0.0.1', PORT), receive the greeting (recv(1024)) and print it
# TODO stage 2: send b'byebye'
# TODO stage 3: close sk

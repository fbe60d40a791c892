# Exercise (homework §10.2, items 1-3): a chat client. It connects, reads the password as the
# first line of input, logs in, then sends each typed line (@name text to one user, anything
# else to everyone; q quits) while it prints what the server sends. Check it, from the root:
#
#   java -jar homework/chat/target/homework-chat.jar check client -- python3 homework/chat/exercises/chat_client.py
#
# The stages: logs in; shows a message; sends to everyone; sends a private message; quits.
import json
import os
import socket
import struct
import sys
import threading

PORT = int(os.environ.get('PORT', '9000'))
USER = sys.argv[1] if len(sys.argv) > 1 else 'alice'


def recv_exactly(sk, n):
    data = b''
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_frame(sk):
    header = recv_exactly(sk, 4)
    if header is None:
        return None
    return json.loads(recv_exactly(sk, struct.unpack('!i', header)[0]).decode('utf-8'))


def send_frame(sk, message):
    body = json.dumps(message, ensure_ascii=False).encode('utf-8')
    sk.sendall(struct.pack('!i', len(body)) + body)


def receive(sk):
    while True:
        message = read_frame(sk)
        if message is None:
            return
        # TODO stage 2: print a {'type': 'message'} as from + ': ' + text


sk = socket.create_connection(('127.0.0.1', PORT))
password = input()
# TODO stage 1: send {'type': 'login', 'user': USER, 'password': password}, read the answer's
#               frame and print its 'message'
# TODO stage 2: then start a thread that runs receive(sk), so that messages show while input() waits
next_id = 0
while True:
    try:
        line = input()
    except EOFError:
        line = 'q'
    if line == 'q':
        # TODO stage 5: send {'type': 'quit'} first
        sk.close()
        break
    next_id += 1
    # TODO stage 3: send {'type': 'send', 'id': next_id, 'to': '*', 'text': line}
    # TODO stage 4: a line '@bob hi' goes to 'bob' alone, with the text 'hi'

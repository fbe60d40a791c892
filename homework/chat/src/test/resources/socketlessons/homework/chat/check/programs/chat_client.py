# A §10.2 chat client as a student would write it, for the checker's tests:
#
#   python3 chat_client.py [--one-thread]
#
# It connects, reads the password as the first line of input, logs in as alice, then sends
# each typed line (@name text to one user, anything else to everyone; q quits) while a second
# thread prints what the server sends. --one-thread is the classic mistake the stage "shows a
# message" catches: input() then recv() in one loop, so a message shows only after the user types.
import json
import os
import socket
import struct
import sys
import threading

PORT = int(os.environ.get('PORT', '9000'))
ONE_THREAD = '--one-thread' in sys.argv


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


def show(message):
    kind = message.get('type')
    if kind == 'message':
        print(message['from'] + ': ' + message['text'])
    elif kind in ('ok', 'error'):
        print(message.get('message'))
    elif kind == 'who':
        print('online: ' + ', '.join(message['online']))


def receive(sk):
    try:
        while True:
            message = read_frame(sk)
            if message is None:
                return
            show(message)
    except OSError:
        return


sk = socket.create_connection(('127.0.0.1', PORT))
password = input()
send_frame(sk, {'type': 'login', 'user': 'alice', 'password': password})
show(read_frame(sk))
if not ONE_THREAD:
    threading.Thread(target=receive, args=(sk,), daemon=True).start()
next_id = 0
while True:
    try:
        line = input()
    except EOFError:
        line = 'q'
    if line == 'q':
        send_frame(sk, {'type': 'quit'})
        sk.close()
        break
    next_id += 1
    to, text = line[1:].split(' ', 1) if line.startswith('@') and ' ' in line else ('*', line)
    send_frame(sk, {'type': 'send', 'id': next_id, 'to': to, 'text': text})
    if ONE_THREAD:
        show(read_frame(sk))

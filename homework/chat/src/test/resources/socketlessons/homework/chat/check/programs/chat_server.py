# A §10.2 chat server as a student would write it, for the checker's tests:
#
#   python3 chat_server.py [--one-recv] [--echo-sender] [--forget-offline]
#
# Frames of JSON (a 4-byte big-endian length, then the object), a thread per client, users and
# offline messages in memory. Each flag is a classic mistake that one stage catches:
# --one-recv reads a frame with one recv each for the header and the body ("frames in pieces"),
# --echo-sender relays a message to everyone, the sender too ("a message to everyone"),
# --forget-offline drops a message to a user who is offline ("keeps a message for an offline user").
import hashlib
import json
import os
import socket
import struct
import sys
import threading

PORT = int(os.environ.get('PORT', '9000'))
ONE_RECV = '--one-recv' in sys.argv
ECHO_SENDER = '--echo-sender' in sys.argv
FORGET_OFFLINE = '--forget-offline' in sys.argv

lock = threading.Lock()
users = {}    # name -> (salt, hash)
online = {}   # name -> connection
waiting = {}  # name -> [message, ...]
next_id = [0]


def recv_exactly(conn, n):
    if ONE_RECV:
        return conn.recv(n)
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_frame(conn):
    header = recv_exactly(conn, 4)
    if not header:
        return None
    n = struct.unpack('!i', header)[0]
    if n < 0 or n > 64 * 1024:
        return None
    return json.loads(recv_exactly(conn, n).decode('utf-8'))


def send_frame(conn, message):
    body = json.dumps(message, ensure_ascii=False).encode('utf-8')
    with lock:  # one frame at a time on a connection, whoever sends it
        conn.sendall(struct.pack('!i', len(body)) + body)


def hashed(password, salt):
    return hashlib.pbkdf2_hmac('sha256', password.encode('utf-8'), salt, 1000)


def serve(conn):
    me = None
    try:
        while True:
            request = read_frame(conn)
            if request is None or request.get('type') == 'quit':
                return
            kind = request.get('type')
            if kind == 'register':
                with lock:
                    taken = request['user'] in users
                    if not taken:
                        salt = os.urandom(16)
                        users[request['user']] = (salt, hashed(request['password'], salt))
                send_frame(conn, {'type': 'error', 'message': 'that name is taken'} if taken else {'type': 'ok', 'message': 'registered'})
            elif kind == 'login':
                user = users.get(request['user'])
                if user is None or hashed(request['password'], user[0]) != user[1]:
                    send_frame(conn, {'type': 'error', 'message': 'wrong user name or password'})
                    continue
                me = request['user']
                with lock:
                    online[me] = conn
                    kept = waiting.pop(me, [])
                send_frame(conn, {'type': 'ok', 'message': 'welcome ' + me})
                for message in kept:
                    send_frame(conn, message)
            elif me is None:
                send_frame(conn, {'type': 'error', 'message': 'log in first'})
            elif kind == 'who':
                with lock:
                    names = sorted(online)
                send_frame(conn, {'type': 'who', 'online': names})
            elif kind == 'send':
                with lock:
                    next_id[0] += 1
                    message = {'type': 'message', 'id': next_id[0], 'from': me, 'to': request['to'], 'text': request['text']}
                    to = request['to']
                    if to == '*':
                        receivers = [c for name, c in online.items() if name != me or ECHO_SENDER]
                    elif to in online:
                        receivers = [online[to]]
                    else:
                        receivers = []
                        if to in users and not FORGET_OFFLINE:
                            waiting.setdefault(to, []).append(message)
                for receiver in receivers:
                    send_frame(receiver, message)
                if to == '*' or receivers:
                    status = 'delivered'
                elif to in users and not FORGET_OFFLINE:
                    status = 'stored'
                else:
                    send_frame(conn, {'type': 'error', 'message': to + ' is not online'})
                    continue
                send_frame(conn, {'type': 'status', 'id': request.get('id'), 'status': status})
            else:
                send_frame(conn, {'type': 'error', 'message': 'unknown type'})
    except (OSError, ValueError, KeyError, struct.error):
        return  # a broken frame or a vanished client: this connection ends, the others go on
    finally:
        with lock:
            if me is not None and online.get(me) is conn:
                del online[me]
        conn.close()


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
while True:
    conn, addr = sk.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()

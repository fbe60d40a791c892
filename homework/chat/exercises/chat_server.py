# Exercise (homework §10.2, items 1-3): a chat server. Each frame is a 4-byte length
# (big-endian, struct.pack('!i', n)) and then n bytes of one JSON object (see homework/chat's
# README for the messages). Check it, from the repository root:
#
#   java -jar homework/chat/target/homework-chat.jar check server -- python3 homework/chat/exercises/chat_server.py
#
# The stages: registers and logs in; frames in pieces; a message to everyone; who is online;
# a private message; keeps a message for an offline user; refuses a wrong password.
import json
import os
import socket
import struct
import threading

PORT = int(os.environ.get('PORT', '9000'))

lock = threading.Lock()
users = {}    # name -> password (TODO stage 7: keep a salted hash instead, hashlib.pbkdf2_hmac)
online = {}   # name -> connection
waiting = {}  # name -> [message, ...]: what waits for a user who is offline


def recv_exactly(conn, n):
    """Returns exactly n bytes, or None if the peer closed first."""
    # TODO stage 2: one recv(n) may return fewer than n bytes: loop until you have n
    return conn.recv(n)


def read_frame(conn):
    """The next JSON object, or None when the client hung up."""
    header = recv_exactly(conn, 4)
    if not header:
        return None
    n = struct.unpack('!i', header)[0]
    # TODO stage 1: refuse n < 0 or n > 64 * 1024 (return None), read exactly n bytes, json.loads them
    return None


def send_frame(conn, message):
    body = json.dumps(message, ensure_ascii=False).encode('utf-8')
    with lock:  # one frame at a time on a connection, whoever sends it
        conn.sendall(struct.pack('!i', len(body)) + body)


def serve(conn):
    me = None
    try:
        while True:
            request = read_frame(conn)
            if request is None or request.get('type') == 'quit':
                return
            kind = request.get('type')
            if kind == 'register':
                # TODO stage 1: keep the user and its password, answer {'type': 'ok', 'message': 'registered'}
                # TODO stage 7: a name that is taken gets {'type': 'error', 'message': ...}
                pass
            elif kind == 'login':
                # TODO stage 1: me = request['user'], put the connection in online, answer {'type': 'ok', ...}
                # TODO stage 6: then send the messages that waited for me (waiting.pop(me, []))
                # TODO stage 7: a wrong password or an unknown user gets {'type': 'error', ...}
                pass
            elif me is None:
                send_frame(conn, {'type': 'error', 'message': 'log in first'})
            elif kind == 'who':
                # TODO stage 4: answer {'type': 'who', 'online': [the names in online]}
                pass
            elif kind == 'send':
                message = {'type': 'message', 'from': me, 'to': request['to'], 'text': request['text']}
                # TODO stage 3: to '*': send message to everyone online but me, then answer
                #               {'type': 'status', 'id': request['id'], 'status': 'delivered'}
                # TODO stage 5: to one user who is online: send it to that user only, status 'delivered'
                # TODO stage 6: to a user who is offline: keep it in waiting, status 'stored'
            else:
                send_frame(conn, {'type': 'error', 'message': 'unknown type'})
    except (OSError, ValueError, KeyError, struct.error) as e:
        print('closing a connection:', repr(e))
    finally:
        # TODO stage 4: take me out of online when the connection ends
        conn.close()


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
while True:
    conn, addr = sk.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()

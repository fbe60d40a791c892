# A §8 server as a student would write it, for the checker's tests:
#
#   python3 challenge_server.py KEY DIGEST [--no-compare] [--same-challenge]
#
# It sends os.urandom(32), reads the HMAC, and serves a right answer (a welcome, then an
# uppercase echo) or hangs up on a wrong one. --no-compare lets every answer in (the mistake
# the "refuses a wrong answer" stage catches); --same-challenge sends one challenge to everyone.
import hmac
import os
import socket
import sys

key = sys.argv[1].encode('utf-8')
digest = sys.argv[2]
compare = '--no-compare' not in sys.argv
fixed = os.urandom(32) if '--same-challenge' in sys.argv else None
length = hmac.new(b'', b'', digest).digest_size


def recv_exactly(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return data
        data += chunk
    return data


sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
sk.listen()
while True:
    conn, addr = sk.accept()
    with conn:
        challenge = fixed or os.urandom(32)
        conn.sendall(challenge)
        answer = recv_exactly(conn, length)
        if compare and not hmac.compare_digest(answer, hmac.new(key, challenge, digest).digest()):
            print('refused a wrong answer')
            continue
        conn.sendall(b'welcome: you are one of us\n')
        while True:
            msg = conn.recv(1024)
            if not msg:
                break
            conn.sendall(msg.upper())

# A framed echo server as a student of §6.2 would write it, for the checker's tests:
#
#   python3 framed_server.py [FMT]     FMT '!i' (big-endian, the default) or 'i' (the course's native order)
#
# It listens on the port in PORT, reads exactly 4 bytes and exactly n, echoes each frame, and
# refuses a negative length or one above 16 MiB by hanging up (it says so first).
import os
import socket
import struct
import sys

FMT = sys.argv[1] if len(sys.argv) > 1 else '!i'
MAX = 16 * 1024 * 1024


def recv_exactly(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(min(n - len(data), 65536))
        if not chunk:
            return None
        data += chunk
    return data


sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
sk.listen()
while True:
    conn, addr = sk.accept()
    with conn:
        while True:
            header = recv_exactly(conn, 4)
            if header is None:
                break
            n = struct.unpack(FMT, header)[0]
            if n < 0 or n > MAX:
                print('refused a length of', n)
                break
            body = recv_exactly(conn, n)
            if body is None:
                break
            conn.sendall(struct.pack(FMT, n) + body)

# The course's §6.2 fix, client side: each message goes as struct.pack(fmt, len) + body.
# fmt is '!i' (network order, big-endian) or 'i' (the course's own: native, little-endian on x86).
import socket
import struct
import sys

fmt = sys.argv[1] if len(sys.argv) > 1 else '!i'


def recv_exactly(sk, n):
    data = b''
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk:
            raise ConnectionError('closed after %d of %d bytes' % (len(data), n))
        data += chunk
    return data


sk = socket.socket()
sk.connect(('127.0.0.1', 9000))
for msg in ['hello', 'world', '你好, 粘包']:
    body = msg.encode('utf-8')
    sk.send(struct.pack(fmt, len(body)) + body)
for _ in range(3):
    n = struct.unpack(fmt, recv_exactly(sk, 4))[0]
    print(recv_exactly(sk, n).decode('utf-8'))
sk.close()

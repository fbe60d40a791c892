# The classroom's §6.2 mistake on the client's side, for the checker's tests: the course's
# framed_client.py with one recv for the header and one for the body, as if recv(n) always
# returned n bytes. It passes while each echo arrives whole.
import os
import socket
import struct

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))
for msg in ['hello', 'world', '你好, 粘包']:
    body = msg.encode('utf-8')
    sk.send(struct.pack('!i', len(body)) + body)
try:
    for _ in range(3):
        n = struct.unpack('!i', sk.recv(4))[0]  # may be 1 to 3 bytes
        print(sk.recv(n).decode('utf-8'))  # may be fewer than n bytes
except Exception as e:
    print('error:', e)
sk.close()

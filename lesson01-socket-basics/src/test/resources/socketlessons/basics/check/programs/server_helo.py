# A broken §1.3 server for the checker's tests: it greets "helo" (a typo) instead of "hello".
import os
import socket

sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
sk.listen()
conn, addr = sk.accept()
conn.send(b'helo')
print(conn.recv(1024))
conn.close()
sk.close()

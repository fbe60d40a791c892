# A broken §1.3 client for the checker's tests: it prints the greeting but never answers.
import os
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))
print(sk.recv(1024))
sk.recv(1024)  # waits for a second message that never comes, instead of sending byebye
sk.close()

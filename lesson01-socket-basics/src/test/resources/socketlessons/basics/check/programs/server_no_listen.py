# A broken §1.3 server for the checker's tests: it binds but forgets listen() and accept(), and ends.
import os
import socket

sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
print('bound, and done')
sk.close()

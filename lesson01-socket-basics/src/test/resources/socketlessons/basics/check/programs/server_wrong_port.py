# A broken §1.3 server for the checker's tests: it ignores PORT and waits on a port of its own
# choosing (0: any free one), so the checker never finds it listening.
import socket

sk = socket.socket()
sk.bind(('127.0.0.1', 0))
sk.listen()
conn, addr = sk.accept()

# A broken §5.1 server for the checker's tests: it answers the first sender it ever heard from,
# whoever sent the datagram now (the address kept from the first recvfrom).
import os
import socket

sk = socket.socket(type=socket.SOCK_DGRAM)
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
first = None
while True:
    msg, addr = sk.recvfrom(1024)
    first = first or addr
    print(msg.decode('utf-8'))
    sk.sendto(input('>>>').encode('utf-8'), first)

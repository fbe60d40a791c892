# The course's §5.1 client.py with what it lacks: q quits. check client passes every stage.
import os
import socket

sk = socket.socket(type=socket.SOCK_DGRAM)
server = ('127.0.0.1', int(os.environ['PORT']))
while True:
    inp = input('>>>')
    if inp.upper() == 'Q': break
    sk.sendto(inp.encode('utf-8'), server)
    msg, server_addr = sk.recvfrom(1024)
    print(msg.decode('utf-8'))
sk.close()

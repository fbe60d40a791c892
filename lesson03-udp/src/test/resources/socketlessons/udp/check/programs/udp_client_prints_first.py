# A classic mistake (§5.1): the client prints before it has received (here its own line) and
# never calls recvfrom: the server's answer is never shown. check client fails "prints the answer".
import os
import socket

sk = socket.socket(type=socket.SOCK_DGRAM)
server = ('127.0.0.1', int(os.environ['PORT']))
while True:
    inp = input('>>>')
    if inp.upper() == 'Q': break
    print(inp)
    sk.sendto(inp.encode('utf-8'), server)
sk.close()

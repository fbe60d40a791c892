# Exercise (lesson03, §5.1): the UDP chat client. Fill in the TODOs, then check it:
#
#   java -jar lesson03-udp/target/lesson03-udp.jar check client -- python3 lesson03-udp/exercises/udp_client.py
#
# The checker is the server, on ('127.0.0.1', PORT): it answers each datagram's sender, and it
# types your client's lines at its keyboard itself.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket(type=socket.SOCK_DGRAM)
while True:
    inp = input('>>>')
    # TODO stage 3: if inp is q (either case), leave this loop (UDP has no connection: nobody is told)
    # TODO stage 1: sk.sendto(inp.encode('utf-8'), ('127.0.0.1', PORT)): one line, one datagram
    # TODO stage 2: msg, addr = sk.recvfrom(1024), then print(msg.decode('utf-8'))
    break
sk.close()

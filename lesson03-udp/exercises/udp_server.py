# Exercise (lesson03, §5.1): the UDP chat server. Fill in the TODOs, then check it:
#
#   java -jar lesson03-udp/target/lesson03-udp.jar check server -- python3 lesson03-udp/exercises/udp_server.py
#
# The checker sends datagrams from two different sockets (two senders) and types your server's
# answers at its keyboard itself.
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))

sk = socket.socket(type=socket.SOCK_DGRAM)
# TODO stage 1: bind sk to ('127.0.0.1', PORT) (no listen, no accept: UDP has no connection)
while True:
    # TODO stage 1: msg, addr = sk.recvfrom(1024); print the text; read an answer with input('>>>')
    # TODO stage 2: send the answer to addr, the sender of this datagram: sk.sendto(answer.encode('utf-8'), addr)
    break
sk.close()

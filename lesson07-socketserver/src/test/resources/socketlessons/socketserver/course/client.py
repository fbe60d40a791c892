# §9 classroom client. The notes' §9 is empty; this is the course's client loop of §4.2
# (input, send, recv(1024), print), quitting on q before it sends, as the §9 lesson does.
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', 9000))

while True:
    inp = input('>>>')
    if inp.upper() == 'Q': break
    sk.send(inp.encode('utf-8'))
    msg = sk.recv(1024).decode('utf-8')
    print(msg)

sk.close()

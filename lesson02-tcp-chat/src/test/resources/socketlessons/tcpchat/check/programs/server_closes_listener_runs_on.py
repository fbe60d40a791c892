# The course's §4.2 server.py (no outer loop) that closes its listening socket a moment after
# its client's connection, as server_closes_listener_late.py does, and then runs on instead of
# ending: the next client's connect gets in, is reset, and nobody answers it while the program
# still runs. The checker must say the next client was not served (§4.3), not blame the port.
import os
import socket
import time

sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
sk.listen()

print('*' * 20)
conn, addr = sk.accept()

while True:
    msg = conn.recv(1024).decode('utf-8')
    if msg.upper() == 'Q':break
    print(msg)

    inp = input('>>>')
    conn.send(inp.encode('utf-8'))
    if inp.upper() == 'Q': break

conn.close()
time.sleep(1)  # the window, held open
sk.close()
time.sleep(600)  # runs on until the checker ends it

# The course's §4.2 server.py (no outer loop), with a pause between closing its client's
# connection and closing its listening socket: the next client's connect always gets in
# between, completed by the kernel from the backlog, and is reset as the program ends. (The
# course's server.py has the same window, only shorter: a loaded machine hits it now and then.)
# With the argument runs-on it does not end after that: nobody answers the next client while
# the program still runs, and the checker must say the next client was not served (§4.3), not
# blame the port.
import os
import sys
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
if sys.argv[1:] == ['runs-on']:
    time.sleep(600)  # runs on until the checker ends it

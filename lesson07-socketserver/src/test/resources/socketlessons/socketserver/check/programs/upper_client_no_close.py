# A §9 client that forgets to close, for the checker's tests: a thread prints the answers as
# they come, and at q the main loop ends without sk.close(). The reading thread still waits in
# recv, so the program, and its connection, stay alive.
import os
import socket
import threading

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))


def answers():
    while True:
        msg = sk.recv(1024)
        if not msg:
            break
        print(msg.decode('utf-8'), end='')


threading.Thread(target=answers).start()
while True:
    inp = input()
    if inp.upper() == 'Q':
        break
    sk.send((inp + '\n').encode('utf-8'))

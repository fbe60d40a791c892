# Not the course's code: a login client in its style that speaks lesson06's login wire,
# one JSON document per line each way (json.dumps never writes a raw newline inside).
import socket
import json

sk = socket.socket()
sk.connect(('127.0.0.1', 9000))

usr = input('username:')
pwd = input('password:')
dic = {'op': 'login', 'user': usr, 'password': pwd}
sk.sendall((json.dumps(dic) + '\n').encode('utf-8'))
ret = json.loads(sk.makefile('r', encoding='utf-8').readline())
print(ret['message'])

sk.close()

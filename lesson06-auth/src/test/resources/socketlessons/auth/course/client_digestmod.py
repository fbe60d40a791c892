import socket
import hmac

secret_key = b'alexsb'
sk = socket.socket()
sk.connect(('127.0.0.1', 9000))

randseq = sk.recv(32)
hmac_obj = hmac.new(secret_key, randseq, digestmod='md5')
ret = hmac_obj.digest()
sk.send(ret)
msg = sk.recv(1024)
print(msg.decode('utf-8'))

sk.close()

# A tiny HTTP server for the uri case: answers every request with JSON saying what it got.
# argv: address, port. /private needs basic auth (user ops, password s3cret) and says so.
import base64, json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Echo(BaseHTTPRequestHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        if self.path == "/private":
            expected = "Basic " + base64.b64encode(b"ops:s3cret").decode("ascii")
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="ops"')
                self.end_headers()
                return
        answer = json.dumps({"method": self.command, "path": self.path, "body": body,
                             "type": self.headers.get("Content-Type") or ""}).encode("utf-8")
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = handle_any

    def log_message(self, *args):
        pass


HTTPServer((sys.argv[1], int(sys.argv[2])), Echo).serve_forever()

"""A small WebDriver client over chromedriver, from the standard library
(urllib and json): enough for the HTML report's browser test and its
benchmark to drive headless Chromium as a person would, with the network
off.

Chromium gets a proxy that does not exist (127.0.0.1:9) for every host,
loopback too, so a page that tried to fetch anything would fail; the
tests also check that the page listed no resource at all.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

CHROMIUM_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver",)
KEY_ENTER = "\ue007"
KEY_BACKSPACE = "\ue003"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def find(names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def missing():
    """None when Chromium and chromedriver are installed, else what is
    missing."""
    miss = []
    if find(CHROMIUM_NAMES) is None:
        miss.append("chromium")
    if find(DRIVER_NAMES) is None:
        miss.append("chromedriver")
    return " and ".join(miss) if miss else None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Browser:
    """One headless Chromium session; use as a context manager."""

    def __init__(self, width=1200, height=900):
        self.port = free_port()
        self.driver = subprocess.Popen(
            [find(DRIVER_NAMES), "--port=%d" % self.port],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        self.sid = None
        self._wait_driver()
        args = ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--window-size=%d,%d" % (width, height)]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {
                "binary": find(CHROMIUM_NAMES), "args": args}}}}
        self.sid = self._call("POST", "/session", caps)["sessionId"]

    def _wait_driver(self):
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/status", timeout=1)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        raise RuntimeError("chromedriver did not start")

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("webdriver %s %s: %s" % (
                method, path, e.read().decode(errors="replace")[:500]))

    def s(self, method, path, body=None):
        return self._call(method, "/session/%s%s" % (self.sid, path), body)

    def open(self, path):
        self.s("POST", "/url", {"url": "file://" + os.path.abspath(path)})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync",
                      {"script": script, "args": list(args)})

    def element(self, css):
        return self.s("POST", "/element", {"using": "css selector",
                                           "value": css})[ELEMENT]

    def click(self, css):
        self.s("POST", "/element/%s/click" % self.element(css), {})

    def keys(self, css, text):
        self.s("POST", "/element/%s/value" % self.element(css),
               {"text": text})

    def cdp(self, cmd, params=None):
        """A Chrome DevTools Protocol command (chromedriver's extension):
        media emulation, the accessibility tree, printing."""
        return self.s("POST", "/goog/cdp/execute",
                      {"cmd": cmd, "params": params or {}})

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return len(png)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            if self.sid:
                self._call("DELETE", "/session/%s" % self.sid)
        finally:
            self.driver.terminate()
            self.driver.wait()

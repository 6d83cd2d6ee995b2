#!/usr/bin/env python3
"""Opens an HTML report of tlsdiag in headless Chromium through chromedriver's WebDriver
API (the standard library only) and checks it: no console error, nothing fetched, the
cards, ladders and failing steps, the filters; keeps a screenshot.

Usage: check.py REPORT.html SCREENSHOT.png EXPECTED.json
EXPECTED: {"cards": N, "failed": N, "class": [NAME, N], "sni": [PART, N]}
Prints one PASS/FAIL line per check and "N passed, M failed"."""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

report, shot, expected_path = sys.argv[1:4]
expected = json.load(open(expected_path))
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("PASS html: " + what)
    else:
        failed += 1
        print("FAIL html: " + what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = free_port()
base = "http://127.0.0.1:%d" % port
driver = subprocess.Popen(["chromedriver", "--port=%d" % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
profile = tempfile.mkdtemp()


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"{}").get("value")


try:
    for _ in range(100):
        try:
            call("GET", "/status")
            break
        except OSError:
            time.sleep(0.1)
    caps = {"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": shutil.which("chromium") or "/usr/bin/chromium",
                               "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                        "--window-size=1200,1600", "--user-data-dir=" + profile]},
        "goog:loggingPrefs": {"browser": "ALL"}}}}
    sid = call("POST", "/session", caps)["sessionId"]
    s = "/session/" + sid

    def js(script):
        return call("POST", s + "/execute/sync", {"script": script, "args": []})

    call("POST", s + "/url", {"url": "file://" + os.path.abspath(report)})
    logs = call("POST", s + "/se/log", {"type": "browser"}) or []
    severe = [l for l in logs if l.get("level") == "SEVERE"]
    check(not severe, "no console error (%d log entries%s)" % (len(logs), "; " + severe[0]["message"] if severe else ""))
    fetched = js("return performance.getEntriesByType('resource').length")
    check(fetched == 0, "nothing fetched when opened (%s resources)" % fetched)
    cards = js("return document.querySelectorAll('section.card').length")
    check(cards == expected["cards"], "%s cards for %d failed and incomplete attempts" % (cards, expected["cards"]))
    ladders = js("return document.querySelectorAll('section.card svg.ladder').length")
    check(ladders == cards, "a ladder in every card (%s)" % ladders)
    marked = js("return Array.from(document.querySelectorAll('section.card.failed'))"
                ".filter(function(c){return c.querySelector('.step.failing')}).length")
    check(marked == expected["failed"], "a failing step in every failed card (%s of %d)" % (marked, expected["failed"]))
    rendered = js("var r=document.querySelector('section.card svg.ladder').getBoundingClientRect();return r.width>500&&r.height>50")
    check(rendered is True, "ladders are laid out (SVG rendered)")
    visible = "return Array.from(document.querySelectorAll('section.card')).filter(function(c){return c.offsetParent!==null}).length"
    name, n = expected["class"]
    js("var e=document.getElementById('f-class');e.value=%s;e.dispatchEvent(new Event('change'))" % json.dumps(name))
    shown = js(visible)
    check(shown == n, "class filter %s shows %s cards (%d expected)" % (name, shown, n))
    counter = js("return document.getElementById('shown').textContent")
    check(counter == str(n), "the count of cards shown says %s" % counter)
    js("var e=document.getElementById('f-class');e.value='';e.dispatchEvent(new Event('change'))")
    part, n = expected["sni"]
    js("var e=document.getElementById('f-sni');e.value=%s;e.dispatchEvent(new Event('input'))" % json.dumps(part))
    shown = js(visible)
    only = js("return Array.from(document.querySelectorAll('section.card')).filter(function(c){return c.offsetParent!==null})"
              ".every(function(c){return c.getAttribute('data-sni').indexOf(%s)>=0})" % json.dumps(part))
    check(shown == n and only is True, "SNI search %r shows %s cards, all with it (%d expected)" % (part, shown, n))
    js("var e=document.getElementById('f-sni');e.value='';e.dispatchEvent(new Event('input'))")
    check(js(visible) == cards, "clearing the filters shows every card again")
    js("window.scrollTo(0,0)")
    png = base64.b64decode(call("GET", s + "/screenshot"))
    open(shot, "wb").write(png)
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000, "screenshot kept: %s (%d bytes)" % (shot, len(png)))
    logs = call("POST", s + "/se/log", {"type": "browser"}) or []
    check(not [l for l in logs if l.get("level") == "SEVERE"], "no console error after filtering")
    call("DELETE", s)
finally:
    driver.terminate()
    driver.wait()
    shutil.rmtree(profile, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)

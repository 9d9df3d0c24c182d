// Runs in every goja runtime before the jsonata bundle. jsonata-js encodes base64
// with window.btoa/atob in a browser or Buffer in Node; goja has neither, so this
// gives it a window with both, with Node's 'binary' semantics (each UTF-16 code
// unit's low byte), which is what the golden data was recorded with. The bundle's
// UMD header then puts jsonata on this window.
var window = (function () {
  'use strict';
  var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function btoa(s) {
    s = String(s);
    var out = '';
    for (var i = 0; i < s.length; i += 3) {
      var a = s.charCodeAt(i) & 0xff;
      var b = i + 1 < s.length ? s.charCodeAt(i + 1) & 0xff : 0;
      var c = i + 2 < s.length ? s.charCodeAt(i + 2) & 0xff : 0;
      var n = (a << 16) | (b << 8) | c;
      out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63) +
        (i + 1 < s.length ? alphabet.charAt((n >> 6) & 63) : '=') +
        (i + 2 < s.length ? alphabet.charAt(n & 63) : '=');
    }
    return out;
  }
  function atob(s) {
    s = String(s);
    var out = '';
    var bits = 0;
    var acc = 0;
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i);
      if (ch === '=') {
        break;
      }
      var v = alphabet.indexOf(ch === '-' ? '+' : ch === '_' ? '/' : ch);
      if (v < 0) {
        continue; // like Buffer.from(s, 'base64'): skip what is not base64
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((acc >> bits) & 0xff);
      }
    }
    return out;
  }
  return { btoa: btoa, atob: atob };
})();

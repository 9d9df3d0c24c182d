package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// TLS serving. Amplify JS v6 always connects to wss://<graphql url>/realtime, so an
// emulator that only speaks plain HTTP cannot serve its subscriptions: `serve --tls` (a
// generated self-signed pair, kept in the data dir so it can be trusted once) or
// `--tls-cert F --tls-key F` serve https:// and wss:// on the same port.

// tlsFlags are serve's TLS flags.
type tlsFlags struct {
	generate  bool
	cert, key string
}

func (f *tlsFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.generate, "tls", false, "")
	fs.StringVar(&f.cert, "tls-cert", "", "")
	fs.StringVar(&f.key, "tls-key", "", "")
}

func (f *tlsFlags) enabled() bool { return f.generate || f.cert != "" || f.key != "" }

// selfSignedValidity is how long a generated certificate lives; a new one is made when
// the kept one expires within a day.
const selfSignedValidity = 365 * 24 * time.Hour

// serveTLS wraps ln in TLS when the flags ask for it. dataDir is where a generated pair
// is kept (dataDir/tls/cert.pem and key.pem).
// On error it closes ln.
func (m *Main) serveTLS(f tlsFlags, dataDir string, ln net.Listener) (_ net.Listener, err error) {
	if !f.enabled() {
		return ln, nil
	}
	defer func() {
		if err != nil {
			ln.Close()
		}
	}()
	var cert tls.Certificate
	switch {
	case f.cert != "" || f.key != "":
		if f.cert == "" || f.key == "" {
			return nil, fmt.Errorf("--tls-cert and --tls-key go together: %w", errUsage)
		}
		if f.generate {
			return nil, fmt.Errorf("--tls generates a certificate; do not combine it with --tls-cert/--tls-key: %w", errUsage)
		}
		cert, err = tls.LoadX509KeyPair(f.cert, f.key)
		if err != nil {
			return nil, fmt.Errorf("load --tls-cert %s / --tls-key %s: %w", f.cert, f.key, err)
		}
		m.certFile = f.cert
	default:
		if m.dataDir != "" {
			dataDir = m.dataDir
		}
		dir := filepath.Join(dataDir, "tls")
		cert, err = selfSigned(dir, time.Now())
		if err != nil {
			return nil, err
		}
		m.certFile = filepath.Join(dir, "cert.pem")
	}
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), nil
}

// CertFile is the PEM certificate served with TLS ("" without TLS). Clients that check
// certificates can trust it (NODE_EXTRA_CA_CERTS for Node).
func (m *Main) CertFile() string { return m.certFile }

// selfSigned loads the pair kept in dir, or generates (and keeps) a new one for
// 127.0.0.1, ::1 and localhost when there is none or it is about to expire.
func selfSigned(dir string, now time.Time) (tls.Certificate, error) {
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if c, err := tls.LoadX509KeyPair(certPath, keyPath); err == nil && c.Leaf != nil && now.Add(24*time.Hour).Before(c.Leaf.NotAfter) {
		return c, nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return tls.Certificate{}, fmt.Errorf("load the generated TLS pair in %s (delete it to make a new one): %w", dir, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate TLS serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "appsync-local", Organization: []string{"appsync-local development certificate"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // so it can be trusted directly as its own root
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("create TLS certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("encode TLS key: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, fmt.Errorf("create %s: %w", dir, err)
	}
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, fmt.Errorf("write TLS key: %w", err)
	}
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		return tls.Certificate{}, fmt.Errorf("write TLS certificate: %w", err)
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}

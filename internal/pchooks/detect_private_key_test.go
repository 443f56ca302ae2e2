package pchooks

import "testing"

func TestDetectPrivateKeyMatchesPython(t *testing.T) {
	files := edgeFiles()
	files["id_rsa"] = "-----BEGIN RSA PRIVATE KEY-----\nabc\n"
	files["putty.ppk"] = "PuTTY-User-Key-File-2: ssh-rsa\n"
	files["vpn.key"] = "x\x00 BEGIN OpenVPN Static key V1"
	files["almost"] = "BEGIN RSA PUBLIC KEY\nbegin private key\n"
	diffTest(t, "detect-private-key", "detect-private-key", []diffCase{
		{Name: "edge files", Files: files},
		{Name: "clean", Files: edgeFiles()},
		{Name: "links", Files: map[string]string{"key": "BEGIN PRIVATE KEY"}, Links: map[string]string{"to-key": "key"}, Pass: []string{"to-key"}},
		{Name: "dangling link", Files: map[string]string{"a": ""}, Links: map[string]string{"gone": "nowhere"}},
	})
}

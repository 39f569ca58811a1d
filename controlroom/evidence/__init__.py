"""Evidence exports: planning, stream-copy clips, bit-exact masters, manifest, signed
SHA256SUMS, the custody record PDF and verification. No widgets here."""

"""Tencent TRTC: API request signing, UserSig and relay-callback signatures."""

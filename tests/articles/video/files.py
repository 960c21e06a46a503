"""The first bytes of real video files (and of a program pretending to be one), for upload checks."""

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free"
WEBM_HEAD = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102")
MKV_HEAD = (
    bytes.fromhex("1a45dfa3a34286810142f7810142f2810442f38108428288") + b"matroska" + bytes.fromhex("4287810442858102")
)
EXE_HEAD = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"

"""Video: camera URL templates, probing, the recorder and its live relay, the libVLC
player wrapper and the RTSP camera simulator. No widgets here."""

/* The recorder's per-camera hot path in C: read (RTSP) -> packet clock -> fragmented MP4
 * (stream copy) -> SHA-256 -> file, without returning to Python for every packet.
 *
 * Why: with 16 cameras in one Python process the per-packet interpreter work (PyAV packet
 * objects, the clock, the muxer call, the write callback) cost ~0.3 x the CPU of 16 ffmpeg
 * processes doing the same job (docs/benchmarks.md). This loop returns to Python only a few
 * times a second (status tick), on a segment decision (keyframe), on a discontinuity, on an
 * error, and, while somebody watches the live relay, once per packet.
 *
 * What stays in Python (controlroom/video/native_worker.py): connection retries and states,
 * segment naming, the index, disk-full handling. The packet clock below is the same
 * algorithm as controlroom/video/clock.py (tests run the same cases through both).
 *
 * Built against the system FFmpeg (Debian's libavformat-dev); PyAV keeps its own bundled
 * FFmpeg in the same process. Both export versioned symbols (LIBAVFORMAT_59 vs _62), so
 * each library binds to its own copy.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <openssl/evp.h>

#define MAX_LEAD_S 2.0
#define MAX_LAG_S 15.0
#define MAX_BACKWARDS_S 5.0
#define MAX_GOP_PACKETS 750
#define SYNC_EVERY_S 10.0
#define IO_BUFFER 32768
/* Audio: the same choices as controlroom/video/audio.py. */
#define AAC_BITRATE_PER_CHANNEL 24000
#define AAC_FRAME 1024
#define AUDIO_MAX_GAP_S 0.1
enum { A_NONE = 0, A_COPY = 1, A_AAC = 2 };

#if LIBAVFORMAT_VERSION_MAJOR >= 61
#define WRITE_BUF const uint8_t
#else
#define WRITE_BUF uint8_t
#endif

enum { EV_TICK = 0, EV_SEGMENT = 1, EV_DISCONTINUITY = 2, EV_PACKET = 3, EV_END = 4,
       EV_WRITE_ERROR = 5, EV_MUX_ERROR = 6, EV_AUDIO = 7 };
#define AUDIO_QUEUE 32
/* Stages of the packet read but not yet finished. */
enum { P_NONE = 0, P_DECIDE, P_WRITE, P_DELIVER };

static PyObject *NativeError;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- packet clock (see clock.py) ------------------------------------------------------ */
typedef struct {
    double tb;
    int anchored;
    double anchor_ts;
    int64_t anchor_dts;
    int has_last;
    int64_t last_dts;
    long dropped_no_dts, dropped_non_monotonic, discontinuities;
} Clock;

/* 1 accepted (wall, disc set), 0 dropped. */
static int clock_accept(Clock *c, int64_t dts, double now, double *wall_out, int *disc_out) {
    int disc = 0;
    if (dts == AV_NOPTS_VALUE) {
        c->dropped_no_dts++;
        return 0;
    }
    if (!c->anchored) {
        c->anchored = 1;
        c->anchor_ts = now;
        c->anchor_dts = dts;
    } else if (c->has_last && dts <= c->last_dts) {
        if ((double)(c->last_dts - dts) * c->tb < MAX_BACKWARDS_S) {
            c->dropped_non_monotonic++;
            return 0;
        }
        c->anchor_ts = now;
        c->anchor_dts = dts;
        c->discontinuities++;
        disc = 1;
    }
    double wall = c->anchor_ts + (double)(dts - c->anchor_dts) * c->tb;
    if (wall > now) {
        c->anchor_ts -= wall - now;
        wall = now;
    }
    double drift = wall - now;
    if (drift > MAX_LEAD_S || drift < -MAX_LAG_S) {
        c->anchor_ts = now;
        c->anchor_dts = dts;
        c->discontinuities++;
        disc = 1;
        wall = now;
    }
    c->last_dts = dts;
    c->has_last = 1;
    *wall_out = wall;
    *disc_out = disc;
    return 1;
}

/* ---- one open segment file ------------------------------------------------------------ */
typedef struct {
    AVFormatContext *out;
    int fd;
    EVP_MD_CTX *md;
    int64_t bytes;
    int write_errno;
    int64_t first_dts;
    int has_first;
    long packets;
    double start_ts, first_ts, end_ts, last_sync;
    int has_audio;      /* stream 1 is the audio track */
    int has_azero;
    int64_t azero;      /* audio pts (samples) at the segment's first video frame */
    int64_t alast;      /* last audio position written (samples) */
    long audio_packets;
} Segment;

static int segment_write(void *opaque, WRITE_BUF *buf, int n) {
    Segment *s = opaque;
    int off = 0;
    if (s->write_errno)
        return AVERROR(s->write_errno);
    while (off < n) {
        ssize_t k = write(s->fd, buf + off, (size_t)(n - off));
        if (k < 0) {
            if (errno == EINTR)
                continue;
            s->write_errno = errno;
            break;
        }
        EVP_DigestUpdate(s->md, buf + off, (size_t)k);
        s->bytes += k;
        off += (int)k;
    }
    return s->write_errno ? AVERROR(s->write_errno) : n;
}

static void segment_free(Segment *s) {
    if (s->out) {
        if (s->out->pb) {
            av_freep(&s->out->pb->buffer);
            avio_context_free(&s->out->pb);
        }
        avformat_free_context(s->out);
        s->out = NULL;
    }
    if (s->md) {
        EVP_MD_CTX_free(s->md);
        s->md = NULL;
    }
}

/* ---- the Input object ----------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    AVFormatContext *in;
    int vi;
    AVRational tb;
    atomic_int interrupted;
    Clock clock;
    AVPacket *pending;
    AVPacket *out_pkt;  /* reused for every packet handed to the muxer */
    int stage;
    double pending_wall;
    int pending_disc;
    /* GOP cache and viewer delivery, shared with HTTP threads (mutex). */
    pthread_mutex_t lock;
    AVPacket **gop;
    int gop_n;
    atomic_int deliver;
    Segment *seg;
    uint8_t *extra;  /* a copy of the decoder configuration, for relayed keyframes */
    int extra_n;
    /* Audio (see audio.py): copied (AAC) or transcoded to AAC, placed on the segment's
     * video timeline by the demuxer's (RTCP lip-synced) timestamps. */
    int ai, amode, arate, ach;
    AVRational atb;
    char acodec_in[32];
    AVCodecContext *adec, *aenc;
    AVFrame *aframe, *eframe;
    AVPacket *apkt;
    float *abuf[2];
    int abuf_n, abuf_cap;
    int a_started;
    int64_t a_first, a_done, a_next;
    long audio_errors;
    int aot;  /* AAC object type of the recorded track (2 = LC), for the relay's ADTS */
    /* AAC packets for the live relay's viewers (only while `deliver`), pts in samples. */
    AVPacket *aq[AUDIO_QUEUE];
    int aq_n;
} Input;

static int interrupt_cb(void *opaque) {
    Input *self = opaque;
    return atomic_load(&self->interrupted);
}

static void gop_clear(Input *self) {
    for (int i = 0; i < self->gop_n; i++)
        av_packet_free(&self->gop[i]);
    self->gop_n = 0;
}

static void aq_clear(Input *self) {
    for (int i = 0; i < self->aq_n; i++)
        av_packet_free(&self->aq[i]);
    self->aq_n = 0;
}

/* Keep a copy of an AAC packet (pts in samples) for the relay's viewers. */
static void aq_push(Input *self, const AVPacket *pkt) {
    if (!atomic_load(&self->deliver) || self->aq_n >= AUDIO_QUEUE)
        return;
    AVPacket *c = av_packet_clone(pkt);
    if (c)
        self->aq[self->aq_n++] = c;
}

static void audio_free(Input *self) {
    aq_clear(self);
    avcodec_free_context(&self->adec);
    avcodec_free_context(&self->aenc);
    av_frame_free(&self->aframe);
    av_frame_free(&self->eframe);
    av_packet_free(&self->apkt);
    for (int c = 0; c < 2; c++)
        av_freep(&self->abuf[c]);
    self->abuf_n = self->abuf_cap = 0;
    self->a_started = 0;
    self->amode = A_NONE;
    self->ai = -1;
}

static void input_close_all(Input *self) {
    audio_free(self);
    if (self->seg) {
        segment_free(self->seg);
        PyMem_RawFree(self->seg);
        self->seg = NULL;
    }
    if (self->pending)
        av_packet_free(&self->pending);
    if (self->out_pkt)
        av_packet_free(&self->out_pkt);
    self->stage = P_NONE;
    pthread_mutex_lock(&self->lock);
    gop_clear(self);
    AVFormatContext *in = self->in;
    self->in = NULL;
    pthread_mutex_unlock(&self->lock);
    if (in)
        avformat_close_input(&in);
}

static PyObject *Input_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    Input *self = (Input *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    pthread_mutex_init(&self->lock, NULL);
    self->gop = PyMem_RawCalloc(MAX_GOP_PACKETS, sizeof(AVPacket *));
    atomic_init(&self->interrupted, 0);
    atomic_init(&self->deliver, 0);
    self->vi = -1;
    self->ai = -1;
    if (!self->gop) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    return (PyObject *)self;
}

static void Input_dealloc(Input *self) {
    input_close_all(self);
    av_freep(&self->extra);
    PyMem_RawFree(self->gop);
    pthread_mutex_destroy(&self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *raise_av(int code, const char *what) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
    av_strerror(code, buf, sizeof buf);
    PyObject *exc = PyObject_CallFunction(NativeError, "s", buf[0] ? buf : what);
    if (exc) {
        PyObject *c = PyLong_FromLong(code);
        if (c) {
            PyObject_SetAttrString(exc, "code", c);
            Py_DECREF(c);
        }
        PyErr_SetObject(NativeError, exc);
        Py_DECREF(exc);
    }
    return NULL;
}

/* A Python dict of str into an AVDictionary; -1 (exception set, nothing left to free). */
static int dict_from_py(PyObject *options, AVDictionary **out) {
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    if (!options || options == Py_None)
        return 0;
    if (!PyDict_Check(options)) {
        PyErr_SetString(PyExc_TypeError, "options must be a dict of str");
        return -1;
    }
    while (PyDict_Next(options, &pos, &k, &v)) {
        const char *ks = PyUnicode_AsUTF8(k), *vs = PyUnicode_AsUTF8(v);
        if (!ks || !vs) {
            av_dict_free(out);
            return -1;
        }
        av_dict_set(out, ks, vs, 0);
    }
    return 0;
}

/* The AAC encoder for a transcoded track (a fresh one after a gap in the input). */
static int audio_open_encoder(Input *self) {
    avcodec_free_context(&self->aenc);
    self->abuf_n = 0;
    self->a_started = 0;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!codec || !(self->aenc = avcodec_alloc_context3(codec)))
        return AVERROR(ENOMEM);
    AVCodecContext *e = self->aenc;
    e->sample_rate = self->arate;
    av_channel_layout_default(&e->ch_layout, self->ach);
    e->sample_fmt = AV_SAMPLE_FMT_FLTP;
    e->bit_rate = AAC_BITRATE_PER_CHANNEL * self->ach;
    e->time_base = (AVRational){1, self->arate};
    return avcodec_open2(e, codec, NULL);
}

/* Decide what happens to the camera's audio stream `ai`; A_NONE when it cannot be kept. */
static void audio_setup(Input *self, AVFormatContext *in, int ai) {
    AVStream *st = in->streams[ai];
    AVCodecParameters *p = st->codecpar;
    snprintf(self->acodec_in, sizeof self->acodec_in, "%s", avcodec_get_name(p->codec_id));
    self->ai = ai;
    self->atb = st->time_base;
    self->arate = p->sample_rate > 0 ? p->sample_rate : 8000;
    self->ach = p->ch_layout.nb_channels >= 2 ? 2 : 1;
    self->aot = 2;
    if (p->codec_id == AV_CODEC_ID_AAC) {
        self->amode = A_COPY;
        if (p->extradata_size >= 1 && (p->extradata[0] >> 3) >= 1 && (p->extradata[0] >> 3) <= 4)
            self->aot = p->extradata[0] >> 3;
        return;
    }
    const AVCodec *dec = avcodec_find_decoder(p->codec_id);
    if (dec && (self->adec = avcodec_alloc_context3(dec)) &&
        avcodec_parameters_to_context(self->adec, p) >= 0 &&
        avcodec_open2(self->adec, dec, NULL) >= 0 && (self->aframe = av_frame_alloc()) &&
        (self->eframe = av_frame_alloc()) && (self->apkt = av_packet_alloc()) &&
        audio_open_encoder(self) >= 0) {
        self->amode = A_AAC;
        return;
    }
    audio_free(self);
    self->ai = -1;
}

/* open(url, options, audio=False): connect and find the video stream (and, with audio,
 * the best audio stream) with the GIL released. */
static PyObject *Input_open(Input *self, PyObject *args) {
    const char *url;
    PyObject *options = NULL;
    AVDictionary *opts = NULL;
    int r, want_audio = 0;
    if (!PyArg_ParseTuple(args, "s|Op", &url, &options, &want_audio))
        return NULL;
    if (self->in) {
        PyErr_SetString(PyExc_RuntimeError, "already open");
        return NULL;
    }
    if (dict_from_py(options, &opts) < 0)
        return NULL;
    AVFormatContext *in = avformat_alloc_context();
    if (!in) {
        av_dict_free(&opts);
        return PyErr_NoMemory();
    }
    in->interrupt_callback.callback = interrupt_cb;
    in->interrupt_callback.opaque = self;
    Py_BEGIN_ALLOW_THREADS
    r = avformat_open_input(&in, url, NULL, &opts);
    if (r >= 0) {
        r = avformat_find_stream_info(in, NULL);
        if (r >= 0)
            r = av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    }
    Py_END_ALLOW_THREADS
    av_dict_free(&opts);
    if (r < 0) {
        if (in)
            avformat_close_input(&in);
        if (r == AVERROR_STREAM_NOT_FOUND)
            return raise_av(r, "no video stream");
        return raise_av(r, "cannot open");
    }
    AVCodecParameters *par = in->streams[r]->codecpar;
    av_freep(&self->extra);
    self->extra_n = 0;
    if (par->extradata_size > 3 && par->extradata[0] == 0 && par->extradata[1] == 0) {
        /* Annex B configuration (what RTSP's sprop-parameter-sets become) */
        self->extra = av_memdup(par->extradata, par->extradata_size);
        self->extra_n = self->extra ? par->extradata_size : 0;
    }
    self->in = in;
    self->vi = r;
    self->tb = in->streams[r]->time_base;
    memset(&self->clock, 0, sizeof self->clock);
    self->clock.tb = av_q2d(self->tb);
    audio_free(self);
    self->acodec_in[0] = 0;
    if (want_audio) {
        int a = av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, r, NULL, 0);
        if (a >= 0)
            audio_setup(self, in, a);
    }
    for (unsigned i = 0; i < in->nb_streams; i++)
        if ((int)i != r && (int)i != self->ai)
            in->streams[i]->discard = AVDISCARD_ALL;
    Py_RETURN_NONE;
}

static PyObject *Input_close(Input *self, PyObject *unused) {
    Py_BEGIN_ALLOW_THREADS
    input_close_all(self);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyObject *Input_interrupt(Input *self, PyObject *unused) {
    atomic_store(&self->interrupted, 1);
    Py_RETURN_NONE;
}

static AVCodecParameters *params(Input *self) {
    if (!self->in) {
        PyErr_SetString(PyExc_RuntimeError, "not open");
        return NULL;
    }
    return self->in->streams[self->vi]->codecpar;
}

static PyObject *Input_info(Input *self, PyObject *unused) {
    AVCodecParameters *p = params(self);
    if (!p)
        return NULL;
    AVStream *st = self->in->streams[self->vi];
    AVRational fr = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
    return Py_BuildValue("{s:s,s:i,s:i,s:(ii),s:d,s:y#,s:s,s:s,s:i,s:i}",
                         "codec", avcodec_get_name(p->codec_id), "width", p->width,
                         "height", p->height, "time_base", self->tb.num, self->tb.den,
                         "frame_rate", fr.num && fr.den ? av_q2d(fr) : 0.0,
                         "extradata", (const char *)p->extradata,
                         (Py_ssize_t)(p->extradata ? p->extradata_size : 0),
                         "audio_codec", self->amode ? "aac" : "",
                         "audio_in", self->acodec_in, "audio_rate", self->arate,
                         "audio_channels", self->ach);
}

/* start_segment(fd, start_ts, muxer_options): fragmented MP4 into fd, hashed. */
static PyObject *Input_start_segment(Input *self, PyObject *args) {
    int fd, r;
    double start_ts;
    PyObject *options;
    AVDictionary *opts = NULL;
    if (!PyArg_ParseTuple(args, "idO", &fd, &start_ts, &options))
        return NULL;
    AVCodecParameters *p = params(self);
    if (!p)
        return NULL;
    if (self->seg) {
        PyErr_SetString(PyExc_RuntimeError, "a segment is already open");
        return NULL;
    }
    if (dict_from_py(options, &opts) < 0)
        return NULL;
    Segment *s = PyMem_RawCalloc(1, sizeof *s);
    if (!s) {
        av_dict_free(&opts);
        return PyErr_NoMemory();
    }
    s->fd = fd;
    s->start_ts = s->first_ts = s->end_ts = start_ts;
    s->alast = -1;
    s->last_sync = mono_s();
    s->md = EVP_MD_CTX_new();
    uint8_t *buf = av_malloc(IO_BUFFER);
    r = s->md && buf && EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) == 1 ? 0 : AVERROR(ENOMEM);
    if (r >= 0)
        r = avformat_alloc_output_context2(&s->out, NULL, "mp4", NULL);
    AVStream *st = NULL;
    if (r >= 0) {
        st = avformat_new_stream(s->out, NULL);
        r = st ? avcodec_parameters_copy(st->codecpar, p) : AVERROR(ENOMEM);
    }
    if (r >= 0 && self->amode) {
        AVStream *ast = avformat_new_stream(s->out, NULL);
        if (!ast)
            r = AVERROR(ENOMEM);
        else if (self->amode == A_COPY)
            r = avcodec_parameters_copy(ast->codecpar, self->in->streams[self->ai]->codecpar);
        else
            r = avcodec_parameters_from_context(ast->codecpar, self->aenc);
        if (r >= 0) {
            ast->codecpar->codec_tag = 0;
            ast->time_base = (AVRational){1, self->arate};
            s->has_audio = 1;
        }
    }
    if (r >= 0) {
        st->codecpar->codec_tag = 0;
        st->time_base = self->tb;
        s->out->pb = avio_alloc_context(buf, IO_BUFFER, 1, s, NULL, segment_write, NULL);
        if (!s->out->pb)
            r = AVERROR(ENOMEM);
        else
            buf = NULL;
    }
    if (r >= 0) {
        Py_BEGIN_ALLOW_THREADS
        r = avformat_write_header(s->out, &opts);
        if (r >= 0)
            avio_flush(s->out->pb);
        Py_END_ALLOW_THREADS
    }
    av_dict_free(&opts);
    av_free(buf);
    if (r < 0 || s->write_errno) {
        int err = s->write_errno;
        segment_free(s);
        PyMem_RawFree(s);
        if (err) {
            errno = err;
            return PyErr_SetFromErrno(PyExc_OSError);
        }
        return raise_av(r, "cannot start the segment");
    }
    self->seg = s;
    Py_RETURN_NONE;
}


/* ---- audio ---------------------------------------------------------------------------- */
/* One audio packet (pts in samples on the demuxer's timeline) into the segment, at its
 * place on the segment's video timeline. 0, or EV_WRITE_ERROR. Audio from before the
 * segment's first video frame belongs to the previous segment; a packet the muxer refuses
 * is dropped (counted): the picture is what a segment is for. */
static int segment_put_audio(Segment *s, AVPacket *pkt, AVRational vtb, int rate,
                             long *errors) {
    if (!s->has_audio || !s->has_first) {
        av_packet_unref(pkt);
        return 0;
    }
    if (!s->has_azero) {
        s->has_azero = 1;
        s->azero = llrint((double)s->first_dts * av_q2d(vtb) * rate);
    }
    int64_t pos = pkt->pts - s->azero;
    if (pos < 0 || pos <= s->alast) {
        av_packet_unref(pkt);
        return 0;
    }
    s->alast = pos;
    pkt->pts = pkt->dts = pos;
    pkt->stream_index = 1;
    av_packet_rescale_ts(pkt, (AVRational){1, rate}, s->out->streams[1]->time_base);
    int r = av_interleaved_write_frame(s->out, pkt);
    av_packet_unref(pkt);
    if (s->write_errno)
        return EV_WRITE_ERROR;
    if (r < 0)
        (*errors)++;
    else
        s->audio_packets++;
    return 0;
}

static float sample_at(const AVFrame *f, int ch, int i) {
    int nch = f->ch_layout.nb_channels > 0 ? f->ch_layout.nb_channels : 1;
    int planar = av_sample_fmt_is_planar(f->format);
    int plane = planar ? ch : 0, idx = planar ? i : i * nch + ch;
    switch (av_get_packed_sample_fmt(f->format)) {
    case AV_SAMPLE_FMT_S16:
        return ((const int16_t *)f->extended_data[plane])[idx] / 32768.0f;
    case AV_SAMPLE_FMT_S32:
        return ((const int32_t *)f->extended_data[plane])[idx] / 2147483648.0f;
    case AV_SAMPLE_FMT_FLT:
        return ((const float *)f->extended_data[plane])[idx];
    case AV_SAMPLE_FMT_DBL:
        return (float)((const double *)f->extended_data[plane])[idx];
    case AV_SAMPLE_FMT_U8:
        return (((const uint8_t *)f->extended_data[plane])[idx] - 128) / 128.0f;
    default:
        return 0.0f;
    }
}

/* Encoder output into the open segment; 0 or EV_WRITE_ERROR. */
static int audio_drain(Input *self) {
    while (avcodec_receive_packet(self->aenc, self->apkt) >= 0) {
        aq_push(self, self->apkt);
        if (!self->seg) {
            av_packet_unref(self->apkt);
            continue;
        }
        int ev = segment_put_audio(self->seg, self->apkt, self->tb, self->arate,
                                   &self->audio_errors);
        if (ev)
            return ev;
    }
    return 0;
}

/* One AAC frame from the first AAC_FRAME buffered samples (or the n left at a flush). */
static int audio_encode(Input *self, int n) {
    AVFrame *e = self->eframe;
    e->nb_samples = n;
    e->format = AV_SAMPLE_FMT_FLTP;
    e->sample_rate = self->arate;
    if (av_channel_layout_copy(&e->ch_layout, &self->aenc->ch_layout) < 0 ||
        av_frame_get_buffer(e, 0) < 0) {
        av_frame_unref(e);
        return 0;
    }
    for (int c = 0; c < self->ach; c++)
        memcpy(e->extended_data[c], self->abuf[c], n * sizeof(float));
    e->pts = self->a_first + self->a_done;
    self->a_done += n;
    self->abuf_n -= n;
    for (int c = 0; c < self->ach; c++)
        memmove(self->abuf[c], self->abuf[c] + n, self->abuf_n * sizeof(float));
    int r = avcodec_send_frame(self->aenc, e);
    av_frame_unref(e);
    if (r < 0)
        self->audio_errors++;
    return audio_drain(self);
}

/* Finish the encoder into the open segment (its last samples belong there) and start a
 * fresh one for the next segment. */
static int audio_flush(Input *self) {
    int ev = 0;
    if (self->amode != A_AAC || !self->aenc)
        return 0;
    if (self->abuf_n > 0)
        ev = audio_encode(self, self->abuf_n);
    if (!ev && avcodec_send_frame(self->aenc, NULL) >= 0)
        ev = audio_drain(self);
    if (audio_open_encoder(self) < 0)
        self->amode = A_NONE;
    return ev;
}

/* An audio packet from the camera while a segment is open: 0, or EV_WRITE_ERROR. */
static int audio_packet(Input *self, AVPacket *pkt) {
    if (pkt->pts == AV_NOPTS_VALUE)
        return 0;
    AVRational rate_tb = {1, self->arate};
    int64_t start = av_rescale_q(pkt->pts, self->atb, rate_tb);
    if (self->amode == A_COPY) {
        if (av_packet_ref(self->out_pkt, pkt) < 0)
            return 0;
        self->out_pkt->pts = start;
        self->out_pkt->duration = av_rescale_q(pkt->duration, self->atb, rate_tb);
        aq_push(self, self->out_pkt);
        return segment_put_audio(self->seg, self->out_pkt, self->tb, self->arate,
                                 &self->audio_errors);
    }
    if (self->amode != A_AAC)
        return 0;
    if (self->a_started && llabs(start - self->a_next) > AUDIO_MAX_GAP_S * self->arate &&
        audio_open_encoder(self) < 0) {
        self->amode = A_NONE;
        return 0;
    }
    if (avcodec_send_packet(self->adec, pkt) < 0) {
        self->audio_errors++;
        return 0;
    }
    while (avcodec_receive_frame(self->adec, self->aframe) >= 0) {
        AVFrame *f = self->aframe;
        int n = f->nb_samples;
        if (!self->a_started) {
            self->a_started = 1;
            self->a_first = self->a_next = start;
            self->a_done = 0;
        }
        if (self->abuf_n + n > self->abuf_cap) {
            int cap = (self->abuf_n + n) * 2;
            for (int c = 0; c < self->ach; c++) {
                float *b = av_realloc_array(self->abuf[c], cap, sizeof(float));
                if (!b) {
                    av_frame_unref(f);
                    return 0;
                }
                self->abuf[c] = b;
            }
            self->abuf_cap = cap;
        }
        int inch = f->ch_layout.nb_channels > 0 ? f->ch_layout.nb_channels : 1;
        for (int c = 0; c < self->ach; c++)
            for (int i = 0; i < n; i++)
                self->abuf[c][self->abuf_n + i] = sample_at(f, c < inch ? c : 0, i);
        self->abuf_n += n;
        self->a_next += n;
        av_frame_unref(f);
        while (self->abuf_n >= AAC_FRAME) {
            int ev = audio_encode(self, AAC_FRAME);
            if (ev)
                return ev;
        }
    }
    return 0;
}

/* end_segment() -> (bytes, sha256 hex, packets, first_ts, end_ts, errno). The fd stays
 * open: the caller fsyncs and closes it. */
static PyObject *Input_end_segment(Input *self, PyObject *unused) {
    Segment *s = self->seg;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    int r = 0;
    if (!s) {
        PyErr_SetString(PyExc_RuntimeError, "no segment open");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    if (!s->write_errno)
        audio_flush(self);
    Py_END_ALLOW_THREADS
    self->seg = NULL;
    Py_BEGIN_ALLOW_THREADS
    if (!s->write_errno) {
        r = av_write_trailer(s->out);
        if (r >= 0)
            avio_flush(s->out->pb);
    }
    Py_END_ALLOW_THREADS
    int err = s->write_errno ? s->write_errno : (r < 0 ? EIO : 0);
    EVP_DigestFinal_ex(s->md, digest, &dlen);
    for (unsigned int i = 0; i < dlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    hex[2 * dlen] = 0;
    PyObject *res = Py_BuildValue("(Lslddi)", (long long)s->bytes, hex, s->packets,
                                  s->first_ts, s->end_ts, err);
    segment_free(s);
    PyMem_RawFree(s);
    return res;
}

/* ---- the read loop -------------------------------------------------------------------- */
/* Append to the GOP cache; 1 when the packet must also go to the viewers. Locked. */
static int gop_add(Input *self, const AVPacket *pkt) {
    pthread_mutex_lock(&self->lock);
    if (pkt->flags & AV_PKT_FLAG_KEY) {
        gop_clear(self);
        self->gop[self->gop_n++] = av_packet_clone(pkt);
    } else if (self->gop_n > 0 && self->gop_n < MAX_GOP_PACKETS) {
        self->gop[self->gop_n++] = av_packet_clone(pkt);
    }
    int deliver = atomic_load(&self->deliver);
    pthread_mutex_unlock(&self->lock);
    return deliver;
}

/* Write the pending packet into the open segment. 0, or an EV_* error event. */
static int segment_put(Segment *s, AVPacket *pkt, const AVPacket *src, double wall,
                       AVRational tb, double frame_s, int *mux_err) {
    /* pkt: a blank packet to hand to the muxer, which takes over its reference */
    if (av_packet_ref(pkt, src) < 0)
        return EV_WRITE_ERROR;
    if (!s->has_first) {
        s->has_first = 1;
        s->first_dts = pkt->dts;
    }
    int64_t rel = pkt->dts - s->first_dts;
    int64_t duration = pkt->duration;
    int key = pkt->flags & AV_PKT_FLAG_KEY;
    pkt->pts = pkt->pts == AV_NOPTS_VALUE ? rel : pkt->pts - s->first_dts;
    pkt->dts = rel;
    pkt->stream_index = 0;
    av_packet_rescale_ts(pkt, tb, s->out->streams[0]->time_base);
    int r = av_interleaved_write_frame(s->out, pkt);
    av_packet_unref(pkt);
    if (s->write_errno)
        return EV_WRITE_ERROR;
    if (r < 0) {
        *mux_err = r;
        return EV_MUX_ERROR;
    }
    s->packets++;
    double tbd = av_q2d(tb);
    double implied = wall - (double)rel * tbd;
    if (implied < s->first_ts)
        s->first_ts = implied;
    double end = wall + (duration ? (double)duration * tbd : frame_s);
    if (end > s->end_ts)
        s->end_ts = end;
    if (key) {
        double t = mono_s();
        if (t - s->last_sync > SYNC_EVERY_S) {
            s->last_sync = t;
            fdatasync(s->fd);
        }
    }
    return 0;
}

/* A keyframe for the relay starts with the decoder configuration when the camera sends it
 * out of band (RTSP sprop-parameter-sets): viewers' TS muxers carry no extradata. */
static PyObject *packet_tuple(Input *self, const AVPacket *pkt) {
    int key = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
    int extra = key ? self->extra_n : 0;
    PyObject *data = PyBytes_FromStringAndSize(NULL, extra + pkt->size);
    if (!data)
        return NULL;
    char *d = PyBytes_AS_STRING(data);
    if (extra)
        memcpy(d, self->extra, extra);
    memcpy(d + extra, pkt->data, pkt->size);
    int64_t pts = pkt->pts == AV_NOPTS_VALUE ? pkt->dts : pkt->pts;
    return Py_BuildValue("(NLLi)", data, (long long)pkt->dts, (long long)pts, key);
}

/* An AAC packet for the relay: ADTS-framed (the viewers' MPEG-TS muxers then need no
 * AudioSpecificConfig), pts in the video stream's time base (the relay's clock). */
static PyObject *audio_tuple(Input *self, const AVPacket *pkt) {
    static const int rates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050,
                                16000, 12000, 11025, 8000, 7350};
    int sfi = -1;
    for (int i = 0; i < 13; i++)
        if (rates[i] == self->arate)
            sfi = i;
    int len = pkt->size + 7;
    if (sfi < 0 || len >= (1 << 13))
        return Py_BuildValue("(yL)", "", (long long)0);
    PyObject *data = PyBytes_FromStringAndSize(NULL, len);
    if (!data)
        return NULL;
    uint8_t *h = (uint8_t *)PyBytes_AS_STRING(data);
    h[0] = 0xFF;
    h[1] = 0xF1;  /* MPEG-4, no CRC */
    h[2] = (uint8_t)((((self->aot - 1) & 3) << 6) | (sfi << 2) | ((self->ach >> 2) & 1));
    h[3] = (uint8_t)(((self->ach & 3) << 6) | ((len >> 11) & 3));
    h[4] = (uint8_t)((len >> 3) & 0xFF);
    h[5] = (uint8_t)(((len & 7) << 5) | 0x1F);
    h[6] = 0xFC;
    memcpy(h + 7, pkt->data, pkt->size);
    int64_t pts = av_rescale_q(pkt->pts, (AVRational){1, self->arate}, self->tb);
    return Py_BuildValue("(NL)", data, (long long)pts);
}

/* read(tick_s, segment_s, frame_s, record) -> (event, wall, payload)
 *
 * Reads and records until something needs Python:
 *  EV_TICK         tick_s of stream time went by (payload None): status, stop checks;
 *  EV_SEGMENT      a keyframe and no segment open, or the open one is segment_s old:
 *                  close/open segments, then call read() again (the keyframe is written
 *                  into whatever segment is open then);
 *  EV_DISCONTINUITY the packet clock re-anchored (payload None): close the segment;
 *  EV_PACKET       payload (data, dts, pts, key) for the live relay (while deliver is on);
 *  EV_END          the stream ended or failed: payload (code, message);
 *  EV_WRITE_ERROR  payload errno: the segment file could not be written;
 *  EV_MUX_ERROR    payload (code, message): the muxer refused the packet (it is dropped);
 *  EV_AUDIO        payload (adts_bytes, pts) of the recorded AAC for the relay's viewers
 *                  (only while deliver is on), pts in the video time base.
 */
static PyObject *Input_read(Input *self, PyObject *args) {
    double tick_s, segment_s, frame_s;
    int record;
    if (!PyArg_ParseTuple(args, "dddp", &tick_s, &segment_s, &frame_s, &record))
        return NULL;
    if (!self->in)
        return PyErr_Format(PyExc_RuntimeError, "not open");
    if (!self->pending && !(self->pending = av_packet_alloc()))
        return PyErr_NoMemory();
    if (!self->out_pkt && !(self->out_pkt = av_packet_alloc()))
        return PyErr_NoMemory();
    int event = -1, code = 0, mux_err = 0;
    double wall = 0, due = -1;
    AVPacket *pkt = self->pending;
    Py_BEGIN_ALLOW_THREADS
    for (;;) {
        if (self->aq_n > 0) {
            event = EV_AUDIO;
            break;
        }
        if (self->stage == P_NONE) {
            int r = av_read_frame(self->in, pkt);
            if (r < 0) {
                code = r;
                event = EV_END;
                break;
            }
            if (pkt->stream_index != self->vi) {
                if (pkt->stream_index == self->ai && record && self->seg &&
                    audio_packet(self, pkt) == EV_WRITE_ERROR) {
                    code = self->seg->write_errno ? self->seg->write_errno : EIO;
                    event = EV_WRITE_ERROR;
                    break;
                }
                av_packet_unref(pkt);
                continue;
            }
            double now = now_s();
            int disc = 0;
            if (!clock_accept(&self->clock, pkt->dts, now, &self->pending_wall, &disc)) {
                av_packet_unref(pkt);
                continue;
            }
            self->stage = P_DECIDE;
            if (disc) {
                wall = self->pending_wall;
                event = EV_DISCONTINUITY;
                break;
            }
        }
        wall = self->pending_wall;
        int key = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
        if (self->stage == P_DECIDE) {
            self->stage = P_WRITE;
            if (record && key && (!self->seg || wall - self->seg->start_ts >= segment_s)) {
                event = EV_SEGMENT;
                break;
            }
        }
        if (self->stage == P_WRITE) {
            self->stage = P_DELIVER;
            if (record && self->seg) {
                int ev = segment_put(self->seg, self->out_pkt, pkt, wall, self->tb,
                                     frame_s, &mux_err);
                if (ev == EV_WRITE_ERROR) {
                    code = self->seg->write_errno ? self->seg->write_errno : ENOMEM;
                    event = ev;
                    break;
                }
                if (ev == EV_MUX_ERROR) {
                    event = ev;
                    break;
                }
            }
        }
        /* P_DELIVER */
        self->stage = P_NONE;
        if (gop_add(self, pkt)) {
            event = EV_PACKET;  /* the packet stays in `pending` for packet_tuple */
            break;
        }
        av_packet_unref(pkt);
        if (due < 0)
            due = wall + tick_s;
        else if (wall >= due) {
            event = EV_TICK;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    switch (event) {
    case EV_AUDIO: {
        AVPacket *a = self->aq[0];
        self->aq_n--;
        memmove(self->aq, self->aq + 1, self->aq_n * sizeof(AVPacket *));
        PyObject *t = audio_tuple(self, a);
        av_packet_free(&a);
        return t ? Py_BuildValue("(idN)", event, wall, t) : NULL;
    }
    case EV_PACKET: {
        PyObject *t = packet_tuple(self, pkt);
        av_packet_unref(pkt);
        return t ? Py_BuildValue("(idN)", event, wall, t) : NULL;
    }
    case EV_END: {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
        av_strerror(code, buf, sizeof buf);
        return Py_BuildValue("(id(is))", event, wall, code, buf);
    }
    case EV_WRITE_ERROR:
        /* The packet is not retried: the segment is finished by the caller. */
        av_packet_unref(pkt);
        self->stage = P_NONE;
        return Py_BuildValue("(idi)", event, wall, code);
    case EV_MUX_ERROR: {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
        av_strerror(mux_err, buf, sizeof buf);
        self->stage = P_DELIVER;
        /* Still delivered to the viewers and the GOP cache on the next read(). */
        return Py_BuildValue("(id(is))", event, wall, mux_err, buf);
    }
    default:
        return Py_BuildValue("(idO)", event, wall, Py_None);
    }
}

/* subscribe() -> GOP packets so far; from now on every packet is delivered (atomically:
 * no packet falls between the snapshot and the first delivery). */
static PyObject *Input_subscribe(Input *self, PyObject *unused) {
    PyObject *list = PyList_New(0);
    if (!list)
        return NULL;
    pthread_mutex_lock(&self->lock);
    atomic_store(&self->deliver, 1);
    int n = self->gop_n;
    AVPacket **copy = PyMem_RawCalloc(n ? n : 1, sizeof(AVPacket *));
    for (int i = 0; copy && i < n; i++)
        copy[i] = av_packet_clone(self->gop[i]);
    pthread_mutex_unlock(&self->lock);
    if (!copy) {
        Py_DECREF(list);
        return PyErr_NoMemory();
    }
    for (int i = 0; i < n; i++) {
        PyObject *t = copy[i] ? packet_tuple(self, copy[i]) : NULL;
        if (copy[i])
            av_packet_free(&copy[i]);
        if (!t || PyList_Append(list, t) < 0) {
            Py_XDECREF(t);
            for (int j = i + 1; j < n; j++)
                av_packet_free(&copy[j]);
            PyMem_RawFree(copy);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(t);
    }
    PyMem_RawFree(copy);
    return list;
}

static PyObject *Input_unsubscribe(Input *self, PyObject *unused) {
    atomic_store(&self->deliver, 0);
    Py_RETURN_NONE;
}

/* clock_accept(dts or None, now) -> (wall, discontinuity) or None: the clock alone, for
 * the tests that hold it to clock.PacketClock's behaviour. */
static PyObject *Input_clock_accept(Input *self, PyObject *args) {
    PyObject *dts_obj;
    double now, wall = 0;
    int disc = 0;
    if (!PyArg_ParseTuple(args, "Od", &dts_obj, &now))
        return NULL;
    int64_t dts = AV_NOPTS_VALUE;
    if (dts_obj != Py_None) {
        dts = PyLong_AsLongLong(dts_obj);
        if (dts == -1 && PyErr_Occurred())
            return NULL;
    }
    if (!clock_accept(&self->clock, dts, now, &wall, &disc))
        Py_RETURN_NONE;
    return Py_BuildValue("(dO)", wall, disc ? Py_True : Py_False);
}

static PyObject *Input_set_clock(Input *self, PyObject *args) {
    int num, den;
    if (!PyArg_ParseTuple(args, "ii", &num, &den))
        return NULL;
    memset(&self->clock, 0, sizeof self->clock);
    self->clock.tb = (double)num / den;
    Py_RETURN_NONE;
}

static PyObject *Input_counters(Input *self, void *unused) {
    return Py_BuildValue("{s:l,s:l,s:l}", "dropped_no_dts", self->clock.dropped_no_dts,
                         "dropped_non_monotonic", self->clock.dropped_non_monotonic,
                         "discontinuities", self->clock.discontinuities);
}

static PyObject *Input_audio_errors(Input *self, void *unused) {
    return PyLong_FromLong(self->audio_errors);
}

static PyMethodDef Input_methods[] = {
    {"open", (PyCFunction)Input_open, METH_VARARGS,
     "open(url, options, audio=False): connect."},
    {"close", (PyCFunction)Input_close, METH_NOARGS, "Disconnect and free everything."},
    {"interrupt", (PyCFunction)Input_interrupt, METH_NOARGS,
     "Abort a blocking open/read from another thread."},
    {"info", (PyCFunction)Input_info, METH_NOARGS, "Codec parameters of the video stream."},
    {"start_segment", (PyCFunction)Input_start_segment, METH_VARARGS,
     "start_segment(fd, start_ts, muxer_options)."},
    {"end_segment", (PyCFunction)Input_end_segment, METH_NOARGS,
     "Finish the segment: (bytes, sha256, packets, first_ts, end_ts, errno)."},
    {"read", (PyCFunction)Input_read, METH_VARARGS,
     "read(tick_s, segment_s, frame_s, record) -> (event, wall, payload)."},
    {"subscribe", (PyCFunction)Input_subscribe, METH_NOARGS,
     "The GOP so far, and deliver every packet from now on."},
    {"unsubscribe", (PyCFunction)Input_unsubscribe, METH_NOARGS, "Stop delivering."},
    {"clock_accept", (PyCFunction)Input_clock_accept, METH_VARARGS,
     "The packet clock alone (tests)."},
    {"set_clock", (PyCFunction)Input_set_clock, METH_VARARGS,
     "Reset the packet clock with a time base (tests)."},
    {NULL}};

static PyGetSetDef Input_getset[] = {
    {"counters", (getter)Input_counters, NULL, "Packet clock counters.", NULL},
    {"audio_errors", (getter)Input_audio_errors, NULL,
     "Audio packets the decoder, encoder or muxer refused (dropped).", NULL},
    {NULL}};

static PyTypeObject InputType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "controlroom.video._native.Input",
    .tp_basicsize = sizeof(Input),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Input_new,
    .tp_dealloc = (destructor)Input_dealloc,
    .tp_methods = Input_methods,
    .tp_getset = Input_getset,
    .tp_doc = "One camera stream read, recorded and relayed without Python per packet.",
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native",
                                    "The recorder's per-camera hot path.", -1, NULL};

PyMODINIT_FUNC PyInit__native(void) {
    if (PyType_Ready(&InputType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    av_log_set_level(AV_LOG_QUIET);
    NativeError = PyErr_NewException("controlroom.video._native.Error", NULL, NULL);
    Py_INCREF(&InputType);
    PyModule_AddObject(m, "Input", (PyObject *)&InputType);
    PyModule_AddObject(m, "Error", NativeError);
    PyModule_AddIntConstant(m, "TICK", EV_TICK);
    PyModule_AddIntConstant(m, "SEGMENT", EV_SEGMENT);
    PyModule_AddIntConstant(m, "DISCONTINUITY", EV_DISCONTINUITY);
    PyModule_AddIntConstant(m, "PACKET", EV_PACKET);
    PyModule_AddIntConstant(m, "END", EV_END);
    PyModule_AddIntConstant(m, "WRITE_ERROR", EV_WRITE_ERROR);
    PyModule_AddIntConstant(m, "MUX_ERROR", EV_MUX_ERROR);
    PyModule_AddIntConstant(m, "AUDIO", EV_AUDIO);
    PyModule_AddIntConstant(m, "EOF", AVERROR_EOF);
    PyModule_AddStringConstant(m, "FFMPEG", av_version_info());
    avformat_network_init();
    return m;
}

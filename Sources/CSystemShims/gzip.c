// gzip through the system zlib (linked as -lz; the static build links libz.a from
// zlib1g-dev). Whole buffers in, whole buffers out: bundles and log batches are
// bounded in size by their callers, and the output limit here is what stops a small
// compressed input from expanding without bound (a "gzip bomb").
#include "CSystemShims.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const int CSHIM_GUNZIP_TOO_LARGE = -100;
const int CSHIM_GUNZIP_TRUNCATED = -101;

// windowBits 15 + 16: a gzip wrapper rather than zlib's own (RFC 1950) one.
enum { GZIP_WINDOW_BITS = 15 + 16, MEMORY_LEVEL = 8, CHUNK = 1 << 16 };

void cshim_free(void *p) { free(p); }

int cshim_gzip(const uint8_t *in, uint64_t inLen, int level, uint8_t **out, uint64_t *outLen) {
    *out = NULL;
    *outLen = 0;
    if (inLen > 0xFFFFFFFFu) return Z_BUF_ERROR;  // z_stream counts in uInt
    z_stream s;
    memset(&s, 0, sizeof s);
    int rc = deflateInit2(&s, level, Z_DEFLATED, GZIP_WINDOW_BITS, MEMORY_LEVEL, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return rc;
    // deflateBound covers zlib's own header; the gzip wrapper adds 18 bytes at most.
    uLong capacity = deflateBound(&s, (uLong)inLen) + 18;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) { deflateEnd(&s); return Z_MEM_ERROR; }
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)inLen;
    s.next_out = buffer;
    s.avail_out = (uInt)capacity;
    rc = deflate(&s, Z_FINISH);
    deflateEnd(&s);
    if (rc != Z_STREAM_END) { free(buffer); return rc == Z_OK ? Z_BUF_ERROR : rc; }
    *out = buffer;
    *outLen = s.total_out;
    return Z_OK;
}

static void copy_message(char *message, uint64_t cap, const char *text) {
    if (cap == 0) return;
    strncpy(message, text ? text : "", cap - 1);
    message[cap - 1] = '\0';
}

int cshim_gunzip(const uint8_t *in, uint64_t inLen, uint64_t maxOut, uint8_t **out, uint64_t *outLen,
                 char *message, uint64_t messageCap) {
    *out = NULL;
    *outLen = 0;
    copy_message(message, messageCap, "");
    if (inLen > 0xFFFFFFFFu) { copy_message(message, messageCap, "input too large"); return Z_BUF_ERROR; }
    z_stream s;
    memset(&s, 0, sizeof s);
    int rc = inflateInit2(&s, GZIP_WINDOW_BITS);
    if (rc != Z_OK) return rc;
    uint64_t capacity = maxOut < CHUNK ? maxOut + 1 : CHUNK, used = 0;
    uint8_t *buffer = malloc(capacity ? capacity : 1);
    if (buffer == NULL) { inflateEnd(&s); return Z_MEM_ERROR; }
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)inLen;
    for (;;) {
        if (used == capacity) {
            if (used > maxOut) { rc = CSHIM_GUNZIP_TOO_LARGE; break; }
            // Grow by doubling, one byte past the limit at most, so exceeding it is seen.
            uint64_t next = capacity * 2 > maxOut + 1 ? maxOut + 1 : capacity * 2;
            uint8_t *grown = realloc(buffer, next);
            if (grown == NULL) { rc = Z_MEM_ERROR; break; }
            buffer = grown;
            capacity = next;
        }
        uint64_t room = capacity - used;
        s.next_out = buffer + used;
        s.avail_out = (uInt)(room > 0xFFFFFFFFu ? 0xFFFFFFFFu : room);
        uInt before = s.avail_out;
        rc = inflate(&s, Z_NO_FLUSH);
        used += before - s.avail_out;
        if (used > maxOut) { rc = CSHIM_GUNZIP_TOO_LARGE; break; }
        if (rc == Z_STREAM_END) {
            // gzip allows several members one after another (RFC 1952 §2.2).
            if (s.avail_in == 0) { rc = Z_OK; break; }
            rc = inflateReset(&s);
            if (rc != Z_OK) break;
            continue;
        }
        if (rc == Z_BUF_ERROR && s.avail_in == 0) { rc = CSHIM_GUNZIP_TRUNCATED; break; }
        if (rc == Z_BUF_ERROR && s.avail_out == 0) continue;  // room runs out: grow
        if (rc != Z_OK) { copy_message(message, messageCap, s.msg); break; }
    }
    inflateEnd(&s);
    if (rc != Z_OK) { free(buffer); return rc; }
    *out = buffer;
    *outLen = used;
    return Z_OK;
}

/**
 * Call recordings: MP3 encoding, a local spool and an upload queue that never loses audio, storage in Wasabi/S3
 * or on local disk, expiring download links, retention and the recordings API.
 */
@NullMarked
package com.caly.recordings;

import org.jspecify.annotations.NullMarked;

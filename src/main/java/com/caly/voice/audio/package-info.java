/** Audio conversions between the phone line and the realtime model: G.711 μ-law and rate conversion. */
@NullMarked
package com.caly.voice.audio;

import org.jspecify.annotations.NullMarked;

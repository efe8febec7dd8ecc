/**
 * The public port: a Netty server that hands a connection whose first request a {@link com.caly.shared.front.FrontRoute}
 * serves to that route, on the live calls' event loops, and proxies every other request to Tomcat on the loopback
 * interface, streaming bodies both ways and relaying the bytes of a protocol Tomcat switches to.
 */
@NullMarked
package com.caly.shared.front;

import org.jspecify.annotations.NullMarked;

package com.caly.shared.web;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which addresses are on the public internet, for what the service fetches or posts to at a URL someone else
 * gave it (a provider's recording, a company's webhook): never loopback, private, link-local, CGNAT, multicast or
 * the IPv6 forms that wrap one of those.
 */
public final class PublicAddresses {

    private PublicAddresses() {}

    /** Whether an address is on the public internet: not loopback, private, link-local, CGNAT, multicast... */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(b[0] & 0xFF, b[1] & 0xFF);
        }
        int first = b[0] & 0xFF;
        if ((first & 0xFE) == 0xFC) {
            return false; // fc00::/7 unique local
        }
        boolean leadingZeros = true;
        for (int i = 0; i < 10; i++) {
            leadingZeros &= b[i] == 0;
        }
        if (leadingZeros && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xFF && b[11] == (byte) 0xFF))) {
            return isPublicIpv4(b[12] & 0xFF, b[13] & 0xFF); // IPv4-compatible or -mapped
        }
        if (first == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B) {
            return isPublicIpv4(b[12] & 0xFF, b[13] & 0xFF); // 64:ff9b::/96, NAT64
        }
        if (first == 0x20 && b[1] == 0x02) {
            return isPublicIpv4(b[2] & 0xFF, b[3] & 0xFF); // 2002::/16, 6to4
        }
        return true;
    }

    private static boolean isPublicIpv4(int a, int b) {
        return !(a == 0
                || a == 10
                || a == 127
                || (a == 100 && b >= 64 && b <= 127)
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 224);
    }
}

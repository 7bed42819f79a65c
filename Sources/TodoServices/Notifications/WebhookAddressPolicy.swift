import Foundation

/// Which URLs a webhook may have: http or https, to a host that resolves only to public
/// addresses (no loopback, private, link-local, unique-local, shared or unspecified one), so a
/// user cannot make the server call into its own network (SSRF). Hosts named in
/// `TODO_WEBHOOK_ALLOW_HOSTS` pass anyway. Checked when a webhook is created and again before
/// every delivery, since a name can be pointed elsewhere later (DNS rebinding).
struct WebhookAddressPolicy: Sendable {
    var allowedHosts: Set<String>

    /// The URL, or why it is refused.
    func check(_ text: String) throws(WebhookAddressError) -> URL {
        try target(text).url
    }

    /// The URL and the addresses its host was checked at, as libcurl's `CURLOPT_RESOLVE`
    /// entries (`host:port:address,…`): the request goes to those, not to whatever the name
    /// resolves to a moment later (DNS rebinding). None for an allowed host.
    func target(_ text: String) throws(WebhookAddressError) -> (url: URL, pins: [String]) {
        guard text.utf8.count <= Self.maxLength else { throw .tooLong(limit: Self.maxLength) }
        // Foundation would percent-encode a space or a control character itself: a URL that
        // needs it is a typing mistake to show, not one to deliver to.
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }),
              let url = URL(string: text), let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw .malformed
        }
        if let port = components.port, !(1...65_535).contains(port) { throw .badPort(port) }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .notHTTP(scheme: components.scheme ?? "")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else { throw .malformed }
        guard components.user == nil, components.password == nil else { throw .credentials }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if allowedHosts.contains(host) || allowedHosts.contains(rawHost.lowercased()) { return (url, []) }
        let addresses = try Self.resolve(host)
        if let address = addresses.first(where: Self.isInternal) { throw .internalAddress(host: host, address: Self.format(address)) }
        // An address written in the URL is what curl connects to: nothing to pin.
        if addresses.count == 1, Self.isLiteral(host) { return (url, []) }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let listed = addresses.map { $0.count == 16 ? "[\(Self.format($0))]" : Self.format($0) }.joined(separator: ",")
        return (url, ["\(rawHost):\(port):\(listed)"])
    }

    static let maxLength = 2048

    static func isLiteral(_ host: String) -> Bool {
        var bytes = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &bytes) == 1 || inet_pton(AF_INET6, host, &bytes) == 1
    }

    /// Every address `host` resolves to, as 4 or 16 bytes.
    static func resolve(_ host: String) throws(WebhookAddressError) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { throw .unresolvable(host: host) }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            if info.pointee.ai_family == AF_INET, let address = info.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { socket in
                    withUnsafeBytes(of: socket.pointee.sin_addr) { addresses.append(Array($0)) }
                }
            } else if info.pointee.ai_family == AF_INET6, let address = info.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { socket in
                    withUnsafeBytes(of: socket.pointee.sin6_addr) { addresses.append(Array($0)) }
                }
            }
            entry = info.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw .unresolvable(host: host) }
        return addresses
    }

    /// True for an address inside a machine or a private network: IPv4 0/8, 10/8, 100.64/10,
    /// 127/8, 169.254/16, 172.16/12, 192.168/16, 198.18/15, multicast and reserved (224/3);
    /// IPv6 ::, ::1, fe80::/10, fc00::/7, multicast, and the forms that carry an IPv4 address
    /// (IPv4-mapped, -compatible and SIIT `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`)
    /// when theirs is one of the above; local NAT64 (`64:ff9b:1::/48`) and Teredo (`2001::/32`),
    /// whose IPv4 address this host cannot judge, always.
    static func isInternal(_ address: [UInt8]) -> Bool {
        if address.count == 4 {
            let (a, b) = (address[0], address[1])
            return a == 0 || a == 10 || a == 127 || (a == 100 && (64...127).contains(b)) || (a == 169 && b == 254)
                || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || (a == 198 && (b == 18 || b == 19)) || a >= 224
        }
        guard address.count == 16 else { return true }
        if address[0..<10].allSatisfy({ $0 == 0 }) && ((address[10] == 0xFF && address[11] == 0xFF) || (address[10] == 0 && address[11] == 0)) {
            // ::ffff:a.b.c.d and the old ::a.b.c.d (which includes :: and ::1).
            return isInternal(Array(address[12..<16]))
        }
        if address[0..<8].allSatisfy({ $0 == 0 }) && address[8] == 0xFF && address[9] == 0xFF && address[10] == 0 && address[11] == 0 {
            return isInternal(Array(address[12..<16]))
        }
        if address[0..<4] == [0x00, 0x64, 0xFF, 0x9B] {
            guard address[4..<12].allSatisfy({ $0 == 0 }) else { return address[4] == 0 && address[5] == 1 }
            return isInternal(Array(address[12..<16]))
        }
        if address[0] == 0x20 && address[1] == 0x02 { return isInternal(Array(address[2..<6])) }
        if address[0..<4] == [0x20, 0x01, 0x00, 0x00] { return true }
        return (address[0] == 0xFE && address[1] & 0xC0 == 0x80) || address[0] & 0xFE == 0xFC || address[0] == 0xFF
    }

    static func format(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: address.count, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

/// Why a webhook URL is refused; the message says what to change.
enum WebhookAddressError: Error, Equatable, CustomStringConvertible {
    case malformed
    case tooLong(limit: Int)
    case badPort(Int)
    case notHTTP(scheme: String)
    case credentials
    case unresolvable(host: String)
    case internalAddress(host: String, address: String)

    var description: String {
        switch self {
        case .malformed: "url must be an absolute http or https URL with a host, without spaces"
        case .tooLong(let limit): "url must be at most \(limit) bytes long"
        case .badPort(let port): "url's port must be from 1 to 65535 (got \(port))"
        case .notHTTP(let scheme): "url must be http or https (got \"\(scheme.prefix(20))\")"
        case .credentials: "url must not carry a user name or password"
        case .unresolvable(let host): "the host \(host.prefix(100)) of url cannot be resolved"
        case .internalAddress(let host, let address):
            "url must not point into a private network: \(host.prefix(100)) resolves to \(address) (an operator may allow the host with TODO_WEBHOOK_ALLOW_HOSTS)"
        }
    }
}

import CCurl
import Dispatch
import Synchronization
import LogText

/// ``HTTPTransport`` over libcurl.
///
/// Each request runs `curl_easy_perform` on a Dispatch worker thread (it blocks, and
/// the cooperative pool is small), receiving the body chunk by chunk into Swift with
/// a size cap. TLS verification is always on, redirects are never followed (so the
/// token never travels to another host), and the proxy environment (`https_proxy`,
/// `no_proxy`, …) is honoured as libcurl does.
public struct CurlTransport: HTTPTransport {
    /// Settings shared by every request.
    public struct Configuration: Sendable {
        /// The `User-Agent` header.
        public var userAgent: String
        /// Longest wait for a TCP/TLS connection.
        public var connectTimeoutSeconds: Int = 10
        /// Longest a whole request may take.
        public var totalTimeoutSeconds: Int = 30
        /// Largest body accepted before the transfer is aborted.
        public var maximumBodyBytes: Int = 64 * 1024 * 1024
        /// A PEM file of CA certificates to verify servers with instead of the system's.
        public var caFile: String?

        /// Creates settings with the given user agent and default limits.
        public init(userAgent: String) {
            self.userAgent = userAgent
        }
    }

    private let configuration: Configuration

    /// Creates a transport. libcurl is loaded, and its global state set up, with the first
    /// request of the process: paths that never go online do not pay for it.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func get(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        let transfer = CurlTransfer(request: request, configuration: configuration)
        let result: Result<HTTPResponse, TransportFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: transfer.perform())
                }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}

// MARK: - One transfer

/// The state of one `curl_easy_perform`, reached from libcurl's callbacks through an
/// opaque pointer. Only the worker thread touches the buffers; `cancel()` flips an atomic.
private final class CurlTransfer: Sendable {
    let request: HTTPRequest
    let configuration: CurlTransport.Configuration
    private let cancelled = Atomic<Bool>(false)
    nonisolated(unsafe) var body: [UInt8] = []
    nonisolated(unsafe) var headers: [String: String] = [:]
    nonisolated(unsafe) var exceededCap = false

    init(request: HTTPRequest, configuration: CurlTransport.Configuration) {
        self.request = request
        self.configuration = configuration
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func perform() -> Result<HTTPResponse, TransportFailure> {
        guard cw_curl_load_once() != 0 else {
            return .failure(.other(detail: "libcurl (libcurl.so.4) could not be loaded: install the libcurl4 package"))
        }
        guard let handle = cw_easy_init() else { return .failure(.other(detail: "libcurl could not start")) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for field in request.headers {
            headerList = cw_slist_append(headerList, "\(field.name): \(field.value)")
        }
        let context = Unmanaged.passRetained(self)
        defer {
            context.release()
            cw_slist_free_all(headerList)
            cw_easy_cleanup(handle)
            errorBuffer.deallocate()
        }

        configure(handle, headerList: headerList, errorBuffer: errorBuffer, context: context.toOpaque())
        let code = cw_easy_perform(handle)
        guard code == CURLE_OK else {
            return .failure(failure(for: code, detail: String(cString: errorBuffer)))
        }
        var status = 0
        cw_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body))
    }

    private func configure(_ handle: UnsafeMutableRawPointer, headerList: UnsafeMutablePointer<curl_slist>?,
                           errorBuffer: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer) {
        cw_setopt_string(handle, CURLOPT_URL, request.url)
        cw_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        cw_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        cw_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        cw_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        cw_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        cw_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        cw_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { cw_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        cw_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        cw_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, configuration.connectTimeoutSeconds)
        cw_setopt_long(handle, CURLOPT_TIMEOUT, configuration.totalTimeoutSeconds)
        cw_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        cw_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        cw_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        cw_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        cw_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        cw_setopt_progress_callback(handle, curlProgress)
        cw_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        cw_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
    }

    private func failure(for code: CURLcode, detail: String) -> TransportFailure {
        let host = URLParts(request.url)?.host ?? request.url
        switch code {
        case CURLE_COULDNT_CONNECT: return .connectionRefused(host: host)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .hostNotFound(host: host)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(seconds: configuration.totalTimeoutSeconds)
        case CURLE_SSL_CONNECT_ERROR where detail.contains("wrong version number"): return .plainHTTPServer(host: host)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tls(detail: detail)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
             CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionReset
        case CURLE_WRITE_ERROR where exceededCap: return .responseTooLarge(limitBytes: configuration.maximumBodyBytes)
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        case CURLE_WRITE_ERROR where isCancelled: return .cancelled
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return .invalidURL(request.url)
        default: return .other(detail: detail.isEmpty ? String(cString: cw_easy_strerror(code)) : detail)
        }
    }

    // MARK: Callback bodies

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !isCancelled else { return false }
        guard body.count + bytes.count <= configuration.maximumBodyBytes else {
            exceededCap = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") { headers.removeAll() }   // a new response (e.g. after 100 Continue)
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingASCIIWhitespace()
        headers[name] = String(value)
    }
}

// MARK: - C callbacks (capture nothing; the transfer arrives as the context pointer)

private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                             _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private func curlProgress(_ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t,
                          _: curl_off_t, _: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
}

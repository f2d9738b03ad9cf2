import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// Sits right after NIO's HTTP/1 decoder, where Hummingbird has no hook of its own, and does two
/// things the framework's defaults leave open:
///
/// - a request head must arrive whole within `headerDeadline` of the connection opening or of the
///   previous request ending, so clients trickling header bytes (slowloris) cannot hold a
///   connection (each byte would reset an idle timer), and its body within `bodyDeadline` of the
///   head; a connection that misses either is closed (one timer per connection, none per request);
/// - a request whose headers are too large answers 431 and other unparseable requests 400, both as
///   problem+json, instead of the framework's empty 400;
/// - when a request's body breaks its framing (a chunk size such as `zz`), whatever answers it
///   (400 from `ProblemDetailsMiddleware`) says `Connection: close` and the connection is closed
///   after it: the next request's start can no longer be found, and guessing invites request
///   smuggling.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerDeadline: TimeAmount
    private let bodyDeadline: TimeAmount
    private var deadline: Scheduled<Void>?
    private var requestInFlight = false
    private var answered = false
    /// Whether the response being written says `Connection: close`.
    private var closeAfterAnswer = false
    /// Whether the request body's framing broke: the connection must close after the answer.
    private var framingLost = false

    init(headerDeadline: TimeAmount, bodyDeadline: TimeAmount) {
        self.headerDeadline = headerDeadline
        self.bodyDeadline = bodyDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestInFlight = true
            armDeadline(context: context, in: bodyDeadline)
        case .end:
            // The request is in; the service may take its time to answer.
            requestInFlight = false
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if framingLost && !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                closeAfterAnswer = true
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            closeAfterAnswer = head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if (requestInFlight && closeAfterAnswer) || framingLost {
                // Refused before its body was all in (413): the rest may be huge or never come,
                // and Hummingbird would wait to drain it. Close once the answer is out, as its
                // `Connection: close` says. (Other early answers let the body drain, within the
                // body deadline, so that the connection can be reused.)
                deadline?.cancel()
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            if !requestInFlight {
                // Answered: the next request head must now arrive within the header deadline.
                armDeadline(context: context)
            }
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError, requestInFlight {
            // The body's framing broke mid-request: the handler reading it gets the error and
            // answers 400; that answer closes the connection (see `write`).
            framingLost = true
        }
        guard let parserError = error as? HTTPParserError, !requestInFlight, !answered else {
            context.fireErrorCaught(error)
            return
        }
        let tooLarge: Bool
        switch parserError {
        case .headerOverflow: tooLarge = true
        default: tooLarge = false
        }
        answer(
            context: context,
            status: tooLarge ? .requestHeaderFieldsTooLarge : .badRequest,
            problem: tooLarge
                ? ProblemError(
                    status: .requestHeaderFieldsTooLarge,
                    type: "/problems/headers-too-large",
                    title: "Request header fields too large",
                    detail: "The request's headers are larger than this service accepts; send fewer or shorter headers."
                )
                : ProblemError(
                    status: .badRequest,
                    type: "/problems/malformed-request",
                    title: "Malformed request",
                    detail: "The request is not valid HTTP/1.1."
                )
        )
    }

    /// Closes the connection unless the next request part (a head, or a body's end) arrives in time.
    private func armDeadline(context: ChannelHandlerContext, in delay: TimeAmount? = nil) {
        deadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: delay ?? headerDeadline) {
            let (handler, context) = loopBound.value
            guard !handler.answered else { return }
            context.close(promise: nil)
        }
    }

    private func answer(context: ChannelHandlerContext, status: HTTPResponseStatus, problem: ProblemError) {
        answered = true
        deadline?.cancel()
        let body = problem.body()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: ProblemError.contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}

/// Hummingbird adds extra handlers after its HTTP codec; this one moves a `ConnectionGuard` to
/// just after the HTTP/1 decoder, where parse errors and raw request parts pass, then leaves.
final class ConnectionGuardInstaller: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let headerDeadline: TimeAmount
    let bodyDeadline: TimeAmount

    init(headerDeadline: TimeAmount, bodyDeadline: TimeAmount) {
        self.headerDeadline = headerDeadline
        self.bodyDeadline = bodyDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            try? pipeline.addHandler(
                ConnectionGuard(headerDeadline: headerDeadline, bodyDeadline: bodyDeadline),
                position: .after(decoder)
            )
        }
        pipeline.removeHandler(context: context, promise: nil)
    }
}

import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// Sits right after NIO's HTTP/1 decoder, where Hummingbird has no hook of its own, and does two
/// things the framework's defaults leave open:
///
/// - a request head must arrive whole within `headerDeadline` of the connection opening or of the
///   previous request ending, so clients trickling header bytes (slowloris) cannot hold a
///   connection (each byte would reset an idle timer);
/// - a request whose headers are too large answers 431 and other unparseable requests 400, both as
///   problem+json, instead of the framework's empty 400.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerDeadline: TimeAmount
    private var deadline: Scheduled<Void>?
    private var requestInFlight = false
    private var answered = false

    init(headerDeadline: TimeAmount) {
        self.headerDeadline = headerDeadline
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
            deadline?.cancel()
            deadline = nil
        case .end:
            requestInFlight = false
            armDeadline(context: context)
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
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

    private func armDeadline(context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: headerDeadline) {
            let (handler, context) = loopBound.value
            guard !handler.requestInFlight, !handler.answered else { return }
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

    init(headerDeadline: TimeAmount) {
        self.headerDeadline = headerDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            try? pipeline.addHandler(ConnectionGuard(headerDeadline: headerDeadline), position: .after(decoder))
        }
        pipeline.removeHandler(context: context, promise: nil)
    }
}

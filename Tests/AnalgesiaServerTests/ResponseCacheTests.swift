import HTTPTypes
import NIOCore
import Testing

@testable import AnalgesiaServer

@Suite("Response cache")
struct ResponseCacheTests {
    static func entry(_ text: String) -> ResponseCacheStorage.Entry {
        .init(headers: [.eTag: "\"\(text)\""], body: ByteBuffer(string: text))
    }

    @Test("answers are kept per knowledge version; a new version forgets the old answers")
    func versioned() {
        let storage = ResponseCacheStorage(capacity: 10, byteBudget: 1_000)
        storage.insert(Self.entry("a"), for: [1], version: "1.0.0+aaa")
        #expect(storage.value(for: [1], version: "1.0.0+aaa")?.body == ByteBuffer(string: "a"))
        #expect(storage.value(for: [1], version: "1.0.1+bbb") == nil)
        storage.insert(Self.entry("b"), for: [2], version: "1.0.1+bbb")
        #expect(storage.value(for: [1], version: "1.0.0+aaa") == nil)
        #expect(storage.count == 1)
    }

    @Test("the oldest answers go first when the count or the byte budget is exceeded")
    func bounded() {
        let storage = ResponseCacheStorage(capacity: 2, byteBudget: 1_000)
        for key in UInt8(1)...3 { storage.insert(Self.entry("x"), for: [key], version: "v") }
        #expect(storage.count == 2)
        #expect(storage.value(for: [1], version: "v") == nil)
        #expect(storage.value(for: [3], version: "v") != nil)

        let small = ResponseCacheStorage(capacity: 100, byteBudget: 40)
        for key in UInt8(1)...5 { small.insert(Self.entry(String(repeating: "y", count: 10)), for: [key], version: "v") }
        #expect(small.count == 4)
        small.insert(Self.entry(String(repeating: "z", count: 11)), for: [9], version: "v")
        #expect(small.value(for: [9], version: "v") == nil, "an answer over a quarter of the budget is not kept")
    }

    @Test("a repeated request gets the same bytes, headers and a 304 from the remembered ETag")
    func throughTheApp() async throws {
        try await withApp { client in
            let body = #"{"conditions":["shoulder-myalgia"],"painfulRegions":["shoulder"]}"#
            let headers: HTTPFields = [.contentType: "application/json"]
            let first = try await client.call(.post, "/v1/recommendations", headers: headers, body: body)
            let second = try await client.call(.post, "/v1/recommendations", headers: headers, body: body)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.text == second.text)
            #expect(second.headers[.knowledgeBaseVersion] == first.headers[.knowledgeBaseVersion])
            #expect(second.headers[.requestID] != first.headers[.requestID])

            let list = try await client.call(.get, "/v1/guidelines?kind=practice")
            let etag = try #require(list.headers[.eTag])
            let again = try await client.call(.get, "/v1/guidelines?kind=practice")
            #expect(again.text == list.text)
            #expect(again.headers[.eTag] == etag)
            let notModified = try await client.call(.get, "/v1/guidelines?kind=practice", headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)
            #expect(notModified.headers[.knowledgeBaseVersion] == list.headers[.knowledgeBaseVersion])
        }
    }
}

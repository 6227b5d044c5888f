public import KeyshipCore
import KeyshipNet

extension MiraklChannel {
    /// Accepts every line with OR21, sent once. After a lost response or a 400 the order is
    /// read back. A state past acceptance means it was accepted, and CANCELED, REFUSED or a
    /// refund state throws `MiraklError` `.orderNotAcceptable`. Any other state rethrows the
    /// failure.
    public func accept(_ order: Order) async throws {
        struct Body: Encodable {
            struct Line: Encodable {
                var id: String
                var accepted: Bool
            }

            var orderLines: [Line]
        }
        let body = Body(orderLines: order.lines.map { Body.Line(id: $0.id, accepted: true) })
        let call = Call(
            api: .acceptOrder, method: "PUT", path: orderPath(order.id, "accept"),
            body: .bytes(try Self.jsonData(body), contentType: "application/json"), retry: .never, orderID: order.id)
        do {
            _ = try await perform(call)
        } catch let httpError as HTTPError where httpError.outcomeIsUnknown || httpError.status == 400 {
            guard let state = try await currentState(of: order.id, checking: .acceptOrder) else {
                throw error(.orderNotFound, .acceptOrder, order: order.id)
            }
            logger.notice("Mirakl accept checked by reading the order back", [
                "api": "OR21", "order_id": order.id, "state": state, "error": Self.logSummary(httpError),
            ])
            switch MiraklOrderState.map(state) {
            case .awaitingPayment, .paid, .shipped:
                return
            case .cancelled:
                throw error(.orderNotAcceptable(state: state), .acceptOrder, order: order.id)
            case .awaitingAcceptance, .other:
                throw failure(httpError, of: call)
            }
        } catch {
            throw failure(error, of: call)
        }
    }

    /// Confirms shipment: OR23 tracking first when the channel sets tracking, then OR24. An
    /// order already shipped counts as done, and its state is read back after a 400 or a lost
    /// response.
    public func confirmShipment(of order: Order) async throws {
        if let tracking = settings.tracking {
            let shipped = try await sendTracking(tracking, for: order)
            if shipped { return }
        }

        let call = Call(api: .shipOrder, method: "PUT", path: orderPath(order.id, "ship"), retry: .never, orderID: order.id)
        do {
            _ = try await perform(call)
        } catch let httpError as HTTPError where httpError.outcomeIsUnknown || httpError.status == 400 {
            guard let state = try await currentState(of: order.id, checking: .shipOrder) else {
                throw error(.orderNotFound, .shipOrder, order: order.id)
            }
            logger.notice("Mirakl shipment checked by reading the order back", [
                "api": "OR24", "order_id": order.id, "state": state, "error": Self.logSummary(httpError),
            ])
            if MiraklOrderState.map(state) == .shipped { return }
            // Still in SHIPPING after a lost response means the call did not happen, and the
            // next run tries again. A 400 in SHIPPING is a rejection for a reason of Mirakl's own.
            if state == "SHIPPING" { throw failure(httpError, of: call) }
            throw error(.orderNotShippable(state: state), .shipOrder, order: order.id)
        } catch {
            throw failure(error, of: call)
        }
    }

    /// Sends OR23. Returns true when Mirakl rejected it because the order is already shipped,
    /// so OR24 is not needed.
    ///
    /// A digital delivery has no parcel number, so the order id is sent as the tracking
    /// number for operators that require one.
    private func sendTracking(_ tracking: TrackingSettings, for order: Order) async throws -> Bool {
        struct Body: Encodable {
            var carrierName: String
            var carrierUrl: String?
            var trackingNumber: String
        }
        let body = Body(carrierName: tracking.carrierName, carrierUrl: tracking.carrierURL, trackingNumber: order.id)
        let call = Call(
            api: .updateTracking, method: "PUT", path: orderPath(order.id, "tracking"),
            body: .bytes(try Self.jsonData(body), contentType: "application/json"), retry: .idempotent, orderID: order.id)
        do {
            _ = try await perform(call)
            return false
        } catch let httpError as HTTPError where httpError.status == 400 {
            guard let state = try await currentState(of: order.id, checking: .updateTracking) else {
                throw error(.orderNotFound, .updateTracking, order: order.id)
            }
            logger.notice("Mirakl tracking rejected; order read back", ["api": "OR23", "order_id": order.id, "state": state])
            if MiraklOrderState.map(state) == .shipped { return true }
            if state == "SHIPPING" { throw failure(httpError, of: call) }
            throw error(.orderNotShippable(state: state), .updateTracking, order: order.id)
        } catch {
            throw failure(error, of: call)
        }
    }
}

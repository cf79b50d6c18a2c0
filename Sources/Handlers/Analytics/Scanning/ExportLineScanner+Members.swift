extension ExportLineScanner {
    /// `members`: `{"L": [{"M": {"userId": …, "joinedAt": …}}, …]}`.
    mutating func scanMembers(_ cursor: inout JSONCursor) throws(ScanFailure) {
        members.removeAll(keepingCapacity: true)
        membersType = .other
        try cursor.expect(0x7B)
        if try cursor.peek() == 0x7D {
            cursor.position += 1
            return
        }
        repeat {
            let key = try TypeKey(try cursor.stringBody())
            try cursor.expect(0x3A)
            guard key == .list, try cursor.peek() == 0x5B else {
                try cursor.skipValue(depth: 3)
                continue
            }
            membersType = .list
            cursor.position += 1
            if try cursor.peek() == 0x5D {
                cursor.position += 1
                continue
            }
            repeat { members.append(try scanMember(&cursor)) } while try cursor.nextMember(close: 0x5D)
        } while try cursor.nextMember(close: 0x7D)
    }

    private mutating func scanMember(_ cursor: inout JSONCursor) throws(ScanFailure) -> ScannedMember {
        var member = ScannedMember(isMap: false, userId: .absent, joinedAt: .absent)
        guard try cursor.peek() == 0x7B else {
            try cursor.skipValue(depth: 4)
            return member
        }
        cursor.position += 1
        if try cursor.peek() == 0x7D {
            cursor.position += 1
            return member
        }
        repeat {
            let key = try TypeKey(try cursor.stringBody())
            try cursor.expect(0x3A)
            guard key == .map, try cursor.peek() == 0x7B else {
                try cursor.skipValue(depth: 5)
                continue
            }
            member.isMap = true
            cursor.position += 1
            if try cursor.peek() == 0x7D {
                cursor.position += 1
                continue
            }
            repeat {
                let name = try ImageKey(try cursor.stringBody())
                try cursor.expect(0x3A)
                switch name {
                case .userId: member.userId = try scanAttribute(&cursor)
                case .joinedAt: member.joinedAt = try scanAttribute(&cursor)
                default: try cursor.skipValue(depth: 6)
                }
            } while try cursor.nextMember(close: 0x7D)
        } while try cursor.nextMember(close: 0x7D)
        return member
    }
}

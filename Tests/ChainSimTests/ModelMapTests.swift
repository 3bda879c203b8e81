import ChainSim
import PropertyBased
import Testing

/// `ModelMap` behaves as a `Dictionary` with value semantics.
@Suite struct ModelMapTests {
    @Test func behavesAsADictionaryUnderRandomOperations() async {
        await propertyCheck(count: 200, input: Gen.uint16().array(of: 0...300), Gen.bool().array(of: 0...300)) {
            keys, removals in
            var map = ModelMap<UInt16, Int>()
            var dictionary: [UInt16: Int] = [:]
            for (index, key) in keys.enumerated() {
                let remove = index < removals.count && removals[index]
                map[key] = remove ? nil : index
                dictionary[key] = remove ? nil : index
                #expect(map.count == dictionary.count)
            }
            #expect(Dictionary(uniqueKeysWithValues: map.map { ($0.key, $0.value) }) == dictionary)
            #expect(Set(map.keys) == Set(dictionary.keys))
            #expect(map.values.sorted() == dictionary.values.sorted())
            for key in keys { #expect(map[key] == dictionary[key]) }
            #expect(map == ModelMap(dictionary.map { ($0.key, $0.value) }))
            #expect(map.isEmpty == dictionary.isEmpty)
        }
    }

    @Test func equalityAndHashingIgnoreInsertionOrder() {
        let forward: ModelMap<String, Int> = ["a": 1, "b": 2, "c": 3]
        var backward = ModelMap<String, Int>()
        for (key, value) in [("c", 3), ("b", 2), ("a", 1)] { backward[key] = value }
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        backward["d"] = 4
        backward["d"] = nil
        #expect(forward == backward)
        backward["a"] = 0
        #expect(forward != backward)
    }

    @Test func copiesAreIndependent() {
        var original: ModelMap<Int, String> = [1: "one"]
        let copy = original
        original[1] = "uno"
        original[2] = "two"
        #expect(copy[1] == "one")
        #expect(copy.count == 1)
        #expect(original.count == 2)
        #expect(original[3, default: "none"] == "none")
        #expect(copy.description == "[1: \"one\"]")
    }
}

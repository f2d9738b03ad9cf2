import Foundation
public enum Placeholder {}
